"""How the certification's refusals become API errors, shared by its routers."""

from ninja.errors import HttpError

from kriya.certification import texts
from kriya.core.workflow import InvalidTransition


def call(fn):
    """Run a service; a move that does not exist from the current status is a 409."""
    try:
        return fn()
    except InvalidTransition:
        raise HttpError(409, str(texts.UNAVAILABLE)) from None


def owned_products(business, ids):
    """The products `ids` of `business`; a product of another business is a 422."""
    if ids is None:
        return None
    products = list(business.products.filter(pk__in=ids))
    if len(products) != len(set(ids)):
        raise HttpError(422, str(texts.FOREIGN_PRODUCT))
    return products
