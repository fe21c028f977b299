from inference.templates import collapse_templates


def test_sibling_literal_keys_under_a_collection_collapse():
    counts = {"GET /api/genres/crime": 1, "GET /api/genres/poetry": 2, "GET /api/genres/food": 1,
              "GET /api/genres": 1, "GET /api/authors": 1, "GET /api/orders": 1, "GET /api/books": 1}
    assert collapse_templates(counts) == {"GET /api/genres/{key}": 4, "GET /api/genres": 1, "GET /api/authors": 1,
                                          "GET /api/orders": 1, "GET /api/books": 1}


def test_literal_siblings_join_an_existing_parameter_route():
    counts = {"GET /api/books/{slug}": 4, "GET /api/books/tide-tables": 1,
              "GET /api/books/{slug}/reviews": 2, "GET /api/books/a/reviews": 1, "GET /api/books": 1}
    assert collapse_templates(counts) == {"GET /api/books/{slug}": 5, "GET /api/books/{slug}/reviews": 3,
                                          "GET /api/books": 1}


def test_few_siblings_or_no_parent_collection_stay_literal():
    counts = {"GET /api/me": 1, "GET /api/settings": 1, "GET /api/status": 1,
              "GET /api/tags/a": 1, "GET /api/tags/b": 1, "GET /api/tags": 1, "POST /api/tags/a": 1}
    assert collapse_templates(counts) == counts
