"""docs/openapi.yaml is a valid OpenAPI document, describes every JSON route the app has (and no
route it lacks), and the running app answers as it says: schemathesis generates valid and invalid
requests for every operation (as an organiser, a guest or nobody), sends them to the app
in-process (WSGI), and checks that no answer is a 5xx and that status codes, content types and
bodies are the documented ones."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.definitions import OPENAPI_30

OPENAPI = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.negative_data_rejection,
]
MAX_EXAMPLES = 30  # per operation and generation mode


def raw_document() -> dict[str, Any]:
    return yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))


def documented_operations() -> set[tuple[str, str]]:
    return {
        (method.upper(), path)
        for path, item in raw_document()["paths"].items()
        for method in item
        if method in METHODS
    }


def app_operations(app) -> set[tuple[str, str]]:
    """(METHOD, /path/{param}) of every JSON route in the app's url_map."""
    found = set()
    for rule in app.url_map.iter_rules():
        if not (rule.rule.startswith("/api/") or rule.rule == "/healthz"):
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        found |= {(m, path) for m in rule.methods - {"HEAD", "OPTIONS"}}
    return found


def _refs(node: Any):
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_the_description_is_a_valid_openapi_document():
    raw = raw_document()
    assert raw["openapi"].startswith("3.0.")
    # The official OpenAPI 3.0 meta-schema (as schemathesis ships it), checked by jsonschema...
    jsonschema.Draft4Validator(OPENAPI_30).validate(raw)
    # ...and by schemathesis itself, which then loads every operation without error.
    schema = schemathesis.openapi.from_path(OPENAPI)
    schema.validate()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == len(documented_operations())
    # Every reference points at something that exists.
    for ref in set(_refs(raw)):
        node: Any = raw
        assert ref.startswith("#/"), ref
        for part in ref[2:].split("/"):
            assert part in node, f"unresolved {ref}"
            node = node[part]
    # Every operation documents the error shape for each refusal it lists.
    for path, item in raw["paths"].items():
        for method, op in item.items():
            if method not in METHODS:
                continue
            assert op.get("operationId"), (method, path)
            for status, response in op["responses"].items():
                if status.startswith(("4", "5")):
                    assert response.get("$ref", "").startswith("#/components/responses/") or (
                        response["content"]["application/json"]["schema"]["$ref"]
                        in ("#/components/schemas/Error", "#/components/schemas/Health")
                    ), (method, path, status)


def test_every_json_route_of_the_app_is_described_and_nothing_else(app):
    in_app, documented = app_operations(app), documented_operations()
    assert in_app - documented == set(), "routes missing from docs/openapi.yaml"
    assert documented - in_app == set(), "docs/openapi.yaml describes routes the app lacks"


# --- the app against its description ------------------------------------------------------


@pytest.fixture
def api(client, sio, guest, staff, live_session) -> dict[str, Any]:
    """Data to act on (a debate with live, scheduled and closed sessions, posts, a published
    transcript) and tokens: an organiser's and a guest's."""
    organiser = staff("organiser")
    conn = sio(guest("Author")["token"])
    for body in ("First **post**", "Second, in reply"):
        ack = conn.emit("post", {"session_id": live_session["id"], "body": body}, callback=True)
        assert ack["ok"], ack
    published = client.patch(
        f"/api/v1/sessions/{live_session['closed']}",
        json={"transcript_published": True},
        headers={"Authorization": f"Bearer {organiser}"},
    )
    assert published.status_code == 200, published.get_json()
    return {
        "organiser": organiser,
        "guest": guest("Reader")["token"],
        "new_guest": lambda: guest("Short Lived")["token"],
        "session_ids": [live_session[k] for k in ("id", "scheduled", "closed")],
        "debate_id": live_session["debate_id"],
    }


def _path_parameters(operation, api: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    names = set(re.findall(r"{(\w+)}", operation.path))
    real: dict[str, Any] = {}
    if "session_id" in names:
        real["session_id"] = st.sampled_from(api["session_ids"])
    if "debate_id" in names:
        real["debate_id"] = st.just(api["debate_id"])
    return st.fixed_dictionaries(real)


def _auth_header(operation, who: str, api: dict[str, Any]) -> dict[str, str]:
    if who == "nobody":
        return {}
    if (operation.method.upper(), operation.path) in (
        ("DELETE", "/api/v1/auth/token"),
        ("DELETE", "/api/v1/me"),
    ):
        token = api["new_guest"]()  # these sign their token out: never the shared ones
    else:
        token = api[who]
    return {"Authorization": f"Bearer {token}"}


def _exercise(operation, mode, api, seen: Counter[str], statuses: Counter[int]) -> None:
    strategy = st.one_of(
        operation.as_strategy(generation_mode=mode),  # random ids as well: 404s
        _path_parameters(operation, api).flatmap(
            lambda ids: operation.as_strategy(generation_mode=mode, path_parameters=ids)
        ),
    )

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy, who=st.sampled_from(["organiser", "guest", "nobody"]))
    def run(case, who) -> None:
        seen[operation.label] += 1
        # schemathesis' WSGI transport asks for gzip but does not decode it: ask for none.
        headers = {**_auth_header(operation, who, api), "Accept-Encoding": "identity"}
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        statuses[response.status_code] += 1

    try:
        run()
    except Unsatisfiable:
        # Nothing in this operation can be made invalid (no parameters, no body).
        assert mode == GenerationMode.NEGATIVE, operation.label


def test_the_app_answers_as_its_openapi_description_says(app, api):
    schema = schemathesis.openapi.from_path(OPENAPI)
    schema.app = app  # requests go to the app in-process, through WSGI
    # The bearer token is ours to choose (organiser, guest, none); generated data leaves it alone.
    schema.config.generation.update(with_security_parameters=False)
    seen: Counter[str] = Counter()
    statuses: Counter[int] = Counter()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 16
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _exercise(operation, mode, api, seen, statuses)

    total = sum(seen.values())
    print(f"\n[openapi] {total} requests over {len(seen)} operations; statuses {dict(statuses)}")
    assert set(seen) == {op.label for op in operations}
    # The run reached past the refusals: successes and refusals of several kinds.
    assert statuses[200] and statuses[201] and statuses[400] and statuses[401], statuses
