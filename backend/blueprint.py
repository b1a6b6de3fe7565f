"""The API's blueprint: flask-smorest's, reading bodies through the guarded JSON parser and
documenting the paging header as it is sent."""

import flask_smorest

from .json_input import GuardedParser

PAGINATION_HEADER = {
    "description": (
        "Paging, as a JSON object in the header's text: total, total_pages, first_page, last_page, "
        "page, and previous_page / next_page where they exist."
    ),
    "schema": {
        "type": "string",
        "example": '{"total": 120, "total_pages": 3, "first_page": 1, "last_page": 3, "page": 1}',
    },
}


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = GuardedParser()

    def _document_pagination_metadata(self, spec, resp_doc):
        resp_doc.setdefault("headers", {})[self.PAGINATION_HEADER_NAME] = PAGINATION_HEADER
