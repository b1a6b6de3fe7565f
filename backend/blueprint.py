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

    @staticmethod
    def _make_pagination_metadata(page, page_size, item_count):
        # flask-smorest's own, less its marshmallow dump of these few integers (a schema built
        # and run on every paged read); the keys come in the same order.
        metadata = {"total": item_count, "total_pages": 0}
        if item_count:
            last_page = (item_count - 1) // page_size + 1
            metadata.update(total_pages=last_page, first_page=1, last_page=last_page)
            if page <= last_page:
                metadata["page"] = page
                if page > 1:
                    metadata["previous_page"] = page - 1
                if page < last_page:
                    metadata["next_page"] = page + 1
        return metadata

    def _document_pagination_metadata(self, spec, resp_doc):
        resp_doc.setdefault("headers", {})[self.PAGINATION_HEADER_NAME] = PAGINATION_HEADER
