"""Paging a query inside a view decorated with `@blp.paginate` (the total goes in a header)."""

from .extensions import db


def page_of(query, pagination_parameters, read=None) -> list:
    """The page of `query` the parameters ask for; `read(query, offset, limit)` reads it another
    way than as ORM objects (the diary reads rows)."""
    pagination_parameters.item_count = db.session.scalar(
        db.select(db.func.count()).select_from(query.order_by(None).subquery())
    )
    if pagination_parameters.first_item >= pagination_parameters.item_count:
        # Past the last page; a huge page number would also overflow the database's OFFSET.
        return []
    offset, limit = pagination_parameters.first_item, pagination_parameters.page_size
    if read is not None:
        return read(query, offset, limit)
    return db.session.scalars(query.offset(offset).limit(limit)).all()
