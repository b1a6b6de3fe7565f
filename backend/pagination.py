"""Paging a query inside a view decorated with `@blp.paginate` (the total goes in a header)."""

from .extensions import db

# Past this an OFFSET may overflow the database's integer; such a page is past the end anyway.
LARGEST_OFFSET = 2**31


def page_of(query, pagination_parameters) -> list:
    """The page of `query` the parameters ask for, as ORM objects. (The diary reads its own
    pages as rows, with the total in the same statement: `episodes.diary.diary_page`.)"""
    pagination_parameters.item_count = db.session.scalar(
        db.select(db.func.count()).select_from(query.order_by(None).subquery())
    )
    if pagination_parameters.first_item >= pagination_parameters.item_count:
        # Past the last page; a huge page number would also overflow the database's OFFSET.
        return []
    offset, limit = pagination_parameters.first_item, pagination_parameters.page_size
    return db.session.scalars(query.offset(offset).limit(limit)).all()
