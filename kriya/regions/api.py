"""The regions API: the regions below a parent code (public, no sign-in)."""

from ninja import Router, Schema

from kriya.api.types import one_of
from kriya.regions.models import Level, Region

router = Router(tags=["core"])


class RegionOut(Schema):
    code: str
    name: str
    level: one_of(Level.values)  # type: ignore[valid-type]
    parent: str | None


@router.get(
    "/regions",
    response=list[RegionOut],
    auth=None,
    summary="Regions below a parent code",
    operation_id="kriya_api_core_regions",
)
def regions(request, parent: str | None = None):
    """Provinces without `parent`; otherwise the direct children of `parent`."""
    return [
        {"code": c, "name": n, "level": lvl, "parent": p}
        for c, n, lvl, p in Region.objects.children_of(parent).values_list(
            "code", "name", "level", "parent_id"
        )
    ]
