"""Paging a list: the X-Pagination header's metadata and documentation, and how far a page may
start. (The diary reads its page, total included, in one statement: `episodes.diary`.)"""

# Past this an OFFSET may overflow the database's integer; such a page is past the end anyway.
LARGEST_OFFSET = 2**31

HEADER_DOCUMENTATION = {
    "description": (
        "Paging, as a JSON object in the header's text: total, total_pages, first_page, last_page, "
        "page, and previous_page / next_page where they exist."
    ),
    "schema": {
        "type": "string",
        "example": '{"total": 120, "total_pages": 3, "first_page": 1, "last_page": 3, "page": 1}',
    },
}


def page_metadata(page: int, page_size: int, item_count: int) -> dict:
    """flask-smorest's metadata, less its marshmallow dump of these few integers (a schema built
    and run on every paged read); the keys come in the same order."""
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
