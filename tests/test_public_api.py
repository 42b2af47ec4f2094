import inspect

import newsprobe


def test_all_lists_every_public_name() -> None:
    public = {
        name for name, value in vars(newsprobe).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }
    assert public == set(newsprobe.__all__)
