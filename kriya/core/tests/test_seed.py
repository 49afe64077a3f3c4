"""`manage.py seed` finds each app's demo step (core imports no app above it)."""

from kriya.core.management.commands.seed import seeders


def test_seed_finds_every_apps_demo_step_in_the_order_they_build_on_each_other():
    assert [label for label, _ in seeders()] == [
        "accounts",
        "registry",
        "showcase",
        "desk",
        "lab",
        "certification",
        "training",
        "events",
        "verify",
        "insights",
    ]


def test_each_step_is_the_seed_function_of_that_apps_demo_module():
    from kriya.desk import demo

    assert dict(seeders())["desk"] is demo.seed
