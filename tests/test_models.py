from kernel.schema import parse_schema
from tests.factories import make_schema


def test_content_hash_ignores_evidence_and_is_stable():
    schema = make_schema()
    again = parse_schema(schema.model_dump(mode="json"))
    assert again.content_hash() == schema.content_hash()
    again.tables[0].description = "people"
    assert again.content_hash() == schema.content_hash()
    again.tables[0].columns[1].nullable = True
    assert again.content_hash() != schema.content_hash()
