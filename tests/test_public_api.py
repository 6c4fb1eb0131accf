import storyline


def test_all_is_explicit_and_sorted() -> None:
    assert storyline.__all__ == sorted(storyline.__all__)
    for name in storyline.__all__:
        assert hasattr(storyline, name), name
