"""Paging a query inside a view decorated with `@blp.paginate` (the total goes in a header)."""

from .extensions import db


def page_of(query, pagination_parameters) -> list:
    pagination_parameters.item_count = db.session.scalar(
        db.select(db.func.count()).select_from(query.order_by(None).subquery())
    )
    if pagination_parameters.first_item >= pagination_parameters.item_count:
        # Past the last page; a huge page number would also overflow the database's OFFSET.
        return []
    page = query.offset(pagination_parameters.first_item).limit(pagination_parameters.page_size)
    return db.session.scalars(page).all()
