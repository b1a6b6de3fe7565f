"""The API's blueprint: flask-smorest's, reading bodies through the guarded JSON parser and
writing and documenting the paging header as `pagination` does."""

import flask_smorest

from .json_input import GuardedParser
from .pagination import HEADER_DOCUMENTATION, page_metadata


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = GuardedParser()
    PAGINATION_ARGUMENTS_PARSER = ARGUMENTS_PARSER

    @staticmethod
    def _make_pagination_metadata(page, page_size, item_count):
        return page_metadata(page, page_size, item_count)

    def _document_pagination_metadata(self, spec, resp_doc):
        resp_doc.setdefault("headers", {})[self.PAGINATION_HEADER_NAME] = HEADER_DOCUMENTATION
