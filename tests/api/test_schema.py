"""The OpenAPI schema: valid OpenAPI 3, and equal to the committed api/schema.yaml, so every
change to the API shows in review (bin/api-schema writes the file)."""

from pathlib import Path

import pytest
import yaml
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

COMMITTED = Path(__file__).resolve().parents[2] / "api" / "schema.yaml"


def generated() -> bytes:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return OpenApiYamlRenderer().render(schema, renderer_context={})


def test_the_schema_is_valid_openapi():
    validate(yaml.safe_load(generated()))


def test_the_committed_schema_is_the_generated_one():
    assert COMMITTED.read_bytes() == generated(), (
        "the API changed: run bin/api-schema and commit api/schema.yaml"
    )


def test_the_schema_is_served_to_staff_and_to_tokens(client_of, alice, api_as, client):
    assert client.get("/api/schema/").status_code == 401
    assert client_of(alice).get("/api/schema/").status_code == 200
    assert api_as(alice).get("/api/schema/").status_code == 200


def test_the_reference_page_loads_nothing_from_elsewhere(client_of, alice):
    page = client_of(alice).get("/api/docs/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "swagger-ui" in html and "http://" not in html and "https://" not in html
    assert "script-src 'self'" in page["Content-Security-Policy"]


def test_no_answer_of_the_api_names_a_reporter():
    """Who reported a family is confidential (intake): no schema of the API has such a field."""
    schemas = yaml.safe_load(generated())["components"]["schemas"]
    fields = {name.lower() for schema in schemas.values() for name in schema.get("properties", {})}
    assert not {name for name in fields if "reporter" in name or "reported_by" in name}


def test_every_operation_documents_its_problems_as_problem_details():
    schema = yaml.safe_load(generated())
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    assert set(schema["components"]["schemas"]["Problem"]["required"]) == {
        "type",
        "title",
        "status",
        "detail",
    }
    operations = [
        (path, method, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]
    assert len(operations) > 30
    for path, method, operation in operations:
        codes = set(operation["responses"])
        expected = {"401", "429"}
        if "{" in path:
            expected.add("404")
        if method != "get":
            expected |= {"400", "403"}
        if method in {"put", "patch"}:
            expected |= {"412", "428"}
        assert expected <= codes, f"{method} {path} documents {sorted(codes)}"
        for code in codes - {"200", "201", "204"}:
            assert operation["responses"][code]["content"] == problem, f"{method} {path} {code}"
