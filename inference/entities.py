"""Entity resolution: which table each record belongs to, and how nested data is flattened.

Records reach a table through its collection endpoints (``/users``, ``/users/{id}``, an envelope key such as
``{"carts": [...]}``) and, embedded, through other records (a comment's ``user``): one table however reached.
Nested objects without identity are flattened (``address.geo.lat`` -> ``address_geo_lat``); those with identity
become a foreign-key column (``user.id`` -> ``user_id``) and feed their entity. Arrays of objects wait for
:mod:`inference.relations`, which needs primary keys first.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from inference.addressed import addressed_key, addressed_value, field_named_in_path, own_read, self_addressed
from inference.answer_forms import read_call
from inference.answer_meta import acknowledges, query_summary
from inference.bulk_keys import deletion_keys
from inference.bundles import answer_bundle
from inference.compound import compound_document
from inference.counting import MAX_DEPTH, Grouped, column_name, index_columns, page_groups, value_columns
from inference.datakeys import map_rows
from inference.drafts import Draft, Row
from inference.endpoints import WRITE_METHODS, Route, grouped_sql, is_aggregate, is_api_exchange
from inference.field_lookups import lookup_collection
from inference.identity import (
    ID_KEYS,
    action_collection,
    entity_name,
    first_id_key,
    identity_key,
    irregular,
    is_link_list,
    is_link_map,
    key_segments,
    operation_name,
    operation_outcome,
    parent_hint,
    qualified_collection,
    query_filters,
    self_linked,
    served_key_segments,
    without_stub_tag,
)
from inference.item_lists import listed_route
from inference.naming import plural, reference_column, singular, snake
from inference.nested_fields import (
    LABELLED,
    deep_document,
    lists_in_list,
    own_header,
    reference_name,
    scalar_uid,
)
from inference.outcome_envelope import split_outcome
from inference.path_values import PathValues
from inference.projection import ASKED, asked_fields, declared_json
from inference.raw_answers import AnswerRedactor
from inference.records import (
    Unwrapped,
    context_entity_set,
    is_annotation,
    page_items,
    side_loaded,
    unwrap,
    view_documents,
)
from inference.rpc import api_listed
from inference.shapes import (
    KeySets,
    json_schema,
    own_data,
    own_fields,
    typed_properties,
    user_key_values,
)
from inference.status_envelope import LISTED_KEY, delta_records, holds_records, listed_keys, status_payload
from inference.typed_lists import typed_list, typed_reference
from inference.versioned_values import property_values

if TYPE_CHECKING:
    from kernel.exchange import Exchange

#: Records held back at the start so that natural keys are known before anything is flattened.
LOOKAHEAD_RECORDS = 25_000
#: Nested objects and arrays kept per (table, field) for resolution; a uniform sample beyond.
MAX_PENDING = 5_000
#: Record shapes remembered per table past the row cap.
MAX_SHAPES = 1_000


@dataclass
class PendingArray:
    """An array of objects under a record, resolved once primary keys are known."""

    owner: Draft
    parent: Row
    field: str  # snake_case column-style name of the array, with any flattening prefix
    items: list[dict[str, Any]]
    path: str
    endpoint: str


@dataclass
class PendingObject:
    """A nested object with identity: becomes ``<field>_<key>`` plus a row of the entity it names."""

    owner: Draft
    field: str
    key: str
    obj: dict[str, Any]
    path: str
    endpoint: str
    row: Row | None = None  # the owner's row, which holds the object's fields if its key turns out not to identify it


T = TypeVar("T", PendingArray, PendingObject)


class Pending(Generic[T]):
    """Items awaiting resolution, grouped by (table, field): all of them up to ``cap`` per group, then a sample."""

    def __init__(self, cap: int = MAX_PENDING) -> None:
        self.cap, self.rng = cap, random.Random(0)  # seeded, so runs repeat exactly
        self.groups: dict[tuple[str, str], list[T]] = {}
        self.seen: dict[tuple[str, str], int] = {}

    def add(self, item: T) -> None:
        key = (item.owner.name, item.field)
        group = self.groups.setdefault(key, [])
        seen = self.seen[key] = self.seen.get(key, 0) + 1
        if len(group) < self.cap:
            group.append(item)
            return
        slot = self.rng.randrange(seen)
        if slot < self.cap:
            group[slot] = item

    def take(self) -> list[T]:
        """Every kept item, grouped in order of first appearance; the set is emptied."""
        items = [item for group in self.groups.values() for item in group]
        self.groups, self.seen = {}, {}
        return items

    def __bool__(self) -> bool:
        return bool(self.groups)


Batch = tuple[Route, str, Unwrapped]


class Collector:
    """Flattens records into draft tables; owns the drafts while inference runs."""

    def __init__(self, answers_redacted: bool = True) -> None:
        #: Redacts response bodies that arrive unredacted (see :mod:`inference.raw_answers`).
        self.answers = None if answers_redacted else AnswerRedactor()
        self.drafts: dict[str, Draft] = {}
        self.arrays: Pending[PendingArray] = Pending()
        self.objects: Pending[PendingObject] = Pending()
        self.endpoints: set[str] = set()
        self.known_keys: dict[str, str] = {}
        #: Field names whose stubs' type tags differ (see :func:`inference.stubs.polymorphic`).
        self.polymorphic: set[str] = set()
        self.key_sets = KeySets()
        self.exchanges = 0
        #: The fields bulk deletions name records by, by the collection they delete from (see :mod:`inference.bulk_keys`).
        self.deleted_by: dict[str, tuple[str, ...]] = {}
        self.path_values = PathValues()

    def draft(self, name: str, kind: str, rule: str) -> Draft:
        if name not in self.drafts:
            self.drafts[name] = Draft(name=name, kind=kind, rule=rule)
        return self.drafts[name]

    # -- observation -------------------------------------------------------------------------

    def observe_all(self, exchanges: Iterable[Exchange]) -> None:
        """Consume the exchanges as a stream; memory does not grow with their number. The first
        ``LOOKAHEAD_RECORDS`` records are held back until natural keys are learnt from all of them; later records are
        flattened as they arrive."""
        held: list[Batch] = []
        held_records = 0
        streaming = False
        for exchange in exchanges:
            self.exchanges += 1
            self.path_values.note(exchange.request.method, exchange.request.url, exchange.response.status)
            if (named := deletion_keys(exchange.request.method, exchange.request.url, exchange.request.body)) is not None:
                self.deleted_by.setdefault(*named)
            if self.answers is None:
                batches = self._batches(exchange)
            elif (found := self._redacted_batches(exchange, self.answers, streaming)) is not None:
                batches = found
            else:
                continue
            if not batches:
                continue
            if streaming:
                for batch in batches:
                    self._learn_keys(batch)
                    self._add(batch)
                continue
            held += batches
            held_records += sum(len(batch[2].records) for batch in batches)
            if held_records > LOOKAHEAD_RECORDS:
                self._flush(held)
                held, streaming = [], True
        self._flush(held)
        self.path_values.attach(list(self.drafts.values()))
        for name, fields in self.deleted_by.items():
            if (draft := self.drafts.get(name)) is not None and set(fields) <= set(draft.columns()):
                draft.named_keys.update(fields)

    def _batches(self, exchange: Exchange) -> list[Batch]:
        batches = exchange_batches(exchange)
        for route, _name, _unwrapped in batches:
            self.endpoints.add(route.template)
        return batches

    def _flush(self, held: list[Batch]) -> None:
        for batch in held:
            self._learn_keys(batch)
        for batch in held:
            self._add(batch)

    def _learn_keys(self, batch: Batch) -> None:
        """Natural keys of top-level entities let nested objects be recognised by them; the key sets of nested objects
        tell free-form ones (see :mod:`inference.shapes`)."""
        route, name, unwrapped = batch
        self.key_sets.observe(route.template, unwrapped.path, unwrapped.records)
        if name not in self.known_keys:
            key = first_id_key(name, unwrapped.records)
            if key is not None:
                self.known_keys[name] = key

    def _redacted_batches(self, exchange: Exchange, answers: AnswerRedactor, streaming: bool) -> list[Batch] | None:
        """The batches of an exchange whose answer arrives unredacted, once it is redacted (the
        answer's batches are kept when redaction changes nothing); None when it was a page that
        is only counted and was counted as it is (see :mod:`inference.raw_answers`)."""
        body = exchange.response.body
        try:
            batches = exchange_batches(exchange)
        except RecursionError:
            batches = None
        if body is not None:
            if streaming and batches is not None and self._count_as_is(body, batches, answers):
                return None
            redacted = answers.redactor.redact_or_drop(body)
            if redacted is not body or batches is None:
                exchange.response.body = redacted
                batches = exchange_batches(exchange)
        for route, _name, _unwrapped in batches or ():
            self.endpoints.add(route.template)
        return batches or []

    def _count_as_is(self, body: Any, batches: list[Batch], answers: AnswerRedactor) -> bool:
        """What :meth:`_batches`, :meth:`_learn_keys` and :meth:`_add` do with the redacted
        answer, done with the unredacted one when it is a page or a single record that is only counted
        and redaction could change nothing that counting reads; False (nothing done) otherwise."""
        if len(batches) != 1:
            return False
        route, name, unwrapped = batch = batches[0]
        draft = self.drafts.get(name)
        if draft is None or not draft.sampled or unwrapped.document or unwrapped.side:
            return False
        groups = page_groups(unwrapped.records)
        shapes = draft.record_shapes
        if not all((keys, kind) in shapes for keys, _cols, kinds in groups for kind in kinds):
            return False
        known = self.known_keys  # as _learn_keys leaves them
        if name not in known and (key := first_id_key(name, unwrapped.records)) is not None:
            known = {**known, name: key}
        grouped: Grouped = {}  # nested objects grouped by the test, for the count
        if not answers.only_unread_change(body, unwrapped.records, groups, known, grouped):
            return False
        self.endpoints.add(route.template)
        self._learn_keys(batch)
        self._note(batch)
        draft.seen += len(unwrapped.records)
        for keys, columns, kinds in groups:
            index_columns(draft.index_keys, self.known_keys, keys, columns, "", 0, kinds, grouped)
        return True

    def _note(self, batch: Batch) -> Draft:
        """The batch's draft, with the batch's route and kind of answer noted."""
        route, name, unwrapped = batch
        draft = self.draft(name, "entity", "collection endpoint")
        if unwrapped.document:  # a document's header is identified by an id field, never by a name in it
            draft.id_keys_only = True
        draft.listed = draft.listed or unwrapped.many
        draft.keyed_view = (draft.keyed_view or len(draft.rows) == 0) and unwrapped.path.endswith(".*")
        draft.endpoints.add(route.template)
        return draft

    def _add(self, batch: Batch) -> None:
        route, name, unwrapped = batch
        draft = self._note(batch)
        template = route.template
        if draft.sampled and self._count_known(draft, unwrapped.records):
            return
        served = served_key_segments(route, self.drafts)
        hint = None if unwrapped.side else parent_hint(served, name, unwrapped.records if unwrapped.many else ())
        draft.filters.update(unwrapped.filters)
        draft.declared_json.update(unwrapped.json_fields)
        draft.named_keys.update(unwrapped.key_fields)
        write = route.method in WRITE_METHODS or route.method == "DELETE"  # its answer may differ from reads
        # a detail answer without an id of its own: its key is the route's last parameter (or word, held by the record)
        one = unwrapped.records[0] if unwrapped.records and not unwrapped.many else None
        path_key = addressed_value(route.segments, route.values, one)
        for record in unwrapped.records:
            if draft.sampled and self._only_count(draft, record):
                continue
            row = Row({}, template, hint)
            self.flatten(record, draft, row, "", unwrapped.path, template, 0)
            if write:
                row.values.setdefault("__write__", True)
            if unwrapped.keys_only:
                row.values[LISTED_KEY] = True
            if unwrapped.asked:
                row.values[ASKED] = unwrapped.asked
            if path_key is not None and own_read(record, draft.singular, path_key):
                row.values["__addressed__"] = True  # read at its own address: the path holds its id
            elif path_key is not None and not any(k in record for k in ID_KEYS) and not self_linked(route, record):
                row.values["__path_key__"] = path_key
            if (own := addressed_key(record)) is not None:
                draft.header_keys.add(snake(own))  # the id its own address ends in: one record read at several moments
            draft.header_keys.update(field_named_in_path(route.segments, route.values, one), unwrapped.header_keys)
            draft.add_row(row)

    def _only_count(self, draft: Draft, record: dict[str, Any]) -> bool:
        """Past the row cap, a record is counted and its key-like fields indexed (nested ones such as ``customer.id``
        as ``customer_id`` too) without being flattened, when its shape (keys and value types) was seen before. New
        shapes are flattened: they may show a type or a null that the kept rows lack."""
        keys = tuple(record)
        shape = (keys, tuple(map(type, record.values())))
        if shape not in draft.record_shapes:
            if len(draft.record_shapes) < MAX_SHAPES:
                draft.record_shapes.add(shape)
            return False
        draft.seen += 1
        index_columns(draft.index_keys, self.known_keys, keys, value_columns(keys, [record]), "", 0, {shape[1]})
        return True

    def _count_known(self, draft: Draft, records: list[dict[str, Any]]) -> bool:
        """:meth:`_only_count` for a whole page at once, when every record has a known shape: values are gathered
        column by column and indexed in bulk. False (nothing done) when a record shows a new shape; then one by one."""
        known = draft.record_shapes
        groups = page_groups(records)
        if not all((keys, kind) in known for keys, _cols, kinds in groups for kind in kinds):
            return False
        draft.seen += len(records)
        for keys, columns, kinds in groups:
            index_columns(draft.index_keys, self.known_keys, keys, columns, "", 0, kinds)
        return True

    # -- flattening ----------------------------------------------------------------------------

    def flatten(self, record: dict[str, Any], draft: Draft, row: Row, prefix: str, path: str,
                endpoint: str, depth: int) -> None:
        columns = draft.key_columns
        scalars = draft.scalar_columns.get((path, prefix))
        if scalars is None:
            scalars = draft.scalar_columns[(path, prefix)] = {}
        values = row.values
        for raw_key, value in record.items():
            if (known := scalars.get(raw_key)) is not None and not isinstance(value, dict | list):
                values[known] = value
                continue
            if "@" in raw_key and is_annotation(raw_key):
                continue  # ``@odata.etag``, ``Trips@odata.context``: control information
            col = columns.get((prefix, raw_key)) or draft.column_for(prefix, raw_key, column_name(prefix, raw_key),
                                                                     record)
            vpath = f"{path}.{raw_key}"
            if isinstance(value, dict) and is_link_map(value) or isinstance(value, list) and is_link_list(value):
                continue  # hypermedia navigation ({"self": {"href": ...}}, [{"rel", "href"}]), not data
            if isinstance(value, dict) and (props := property_values(value)) is not None:
                fields, listed, history = props  # {"website": {"value", "source", "versions"}}: the record's fields
                draft.dropped.add(col)  # the map itself is no column, and an empty one ({}) elsewhere says nothing
                self.flatten({k: v for k, v in fields.items() if k not in record}, draft, row, prefix, path, endpoint,
                             depth + 1)
                if listed is not None and history and depth < MAX_DEPTH:
                    field = column_name(prefix, f"{singular(snake(raw_key))}_{snake(listed)}")
                    self.arrays.add(PendingArray(draft, row, field, history, f"{vpath}.*.{listed}[]", endpoint))
                continue
            if isinstance(value, dict) and (items := page_items(value, raw_key)) is not None:
                if items and depth < MAX_DEPTH:  # a nested page of a list: its items, without the counters
                    field = col.removesuffix("_connection") or col
                    self.arrays.add(PendingArray(draft, row, field, items, vpath + "[]", endpoint))
                continue
            if (isinstance(value, dict) and value.keys() == LABELLED and not isinstance(value["value"], dict | list)
                    and reference_name(raw_key)):
                value = value["value"]  # a labelled reference ({"value": 3, "label": "North"}): the value
            if isinstance(value, dict) and (typed_properties(value) or user_key_values(raw_key, value)
                                            or depth == 0 and raw_key in draft.declared_json):
                row.values[col] = value
                draft.note(col, vpath)
                draft.jsonb.add(col)
                continue
            if isinstance(value, dict) and (typed := typed_reference(value)) is not None:
                id_key, tag, table = typed  # {"kind": "x#video", "videoId": "v1"}: a reference its tag names
                draft.typed_refs[column_name(col + "_", id_key)] = (table, column_name(col + "_", tag))
            if isinstance(value, dict):
                key = None if own_fields(record, raw_key, value) else identity_key(value, col, self.known_keys)
                if key is None and depth == 0 and scalar_uid(value):
                    key = "uid"  # a metadata header's ``uid`` (Kubernetes' ObjectMeta): the record's own id
                if key is not None and depth == 0 and own_header(record, raw_key, value, key):
                    # ``{"sys": {"id", "type", "createdAt", ...}, "fields": {...}}``: the record's own header
                    draft.header_keys.add(column_name(col + "_", key))
                    key = None
                if key is not None and depth < MAX_DEPTH:
                    fk_col = reference_column(col, snake(key), plural(snake(raw_key)) in self.known_keys)
                    row.values[fk_col] = value.get(key)
                    draft.note(fk_col, f"{vpath}.{key}")
                    self.objects.add(PendingObject(draft, col, fk_col, value, vpath, endpoint, row))
                elif depth < MAX_DEPTH and (rows := map_rows(value)) is not None:
                    self.arrays.add(PendingArray(draft, row, col, rows, vpath + ".*", endpoint))
                elif (depth >= MAX_DEPTH or not own_data(col, record, value) and (
                      self.key_sets.irregular(endpoint, vpath, value) or json_schema(value) or self.key_sets.freeform(endpoint, vpath)
                      or self.key_sets.one_of(vpath) or self.key_sets.sparse_details(vpath) or self.key_sets.settings(col, endpoint, vpath)
                      or depth == 0 and deep_document(value))):
                    row.values[col] = value
                    draft.note(col, vpath)
                    draft.jsonb.add(col)
                elif value:
                    if (stub := without_stub_tag(value)) is not value:
                        draft.stub_keys[raw_key] = next(k for k in stub if k != "links")
                    self.flatten(stub, draft, row, col + "_", vpath, endpoint, depth + 1)
                else:  # an empty object: no fields to flatten, a jsonb value unless fields show elsewhere
                    row.values.setdefault(col, {})
                    draft.note(col, vpath)
            elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                if depth >= MAX_DEPTH or all(map(irregular, value)) or lists_in_list(value):  # deep, or a list of maps
                    row.values[col] = value
                    draft.note(col, vpath)
                    draft.jsonb.add(col)
                else:
                    self.arrays.add(PendingArray(draft, row, col, value, vpath + "[]", endpoint))
            else:
                values[col] = value
                draft.note(col, vpath)
                if not isinstance(value, dict | list):
                    scalars[raw_key] = col


def exchange_batches(exchange: Exchange) -> list[Batch]:
    """The batches of records an exchange holds, each with its route and table name (none off JSON APIs)."""
    if not is_api_exchange(exchange):
        return []
    route, answer, text, keys = read_call(exchange)
    if is_aggregate(route, answer) or grouped_sql(exchange.request.url) or query_summary(answer):
        return []
    body, groups = self_addressed(answer, text)
    if groups is None:
        enveloped, body = status_payload(body)
        if (listed := listed_keys(body, route.method, route.segments)) is not None:
            return [(route, entity_name(route, None) or snake(listed.key or ""), listed)]
        if enveloped and not holds_records(body):
            return []  # a status envelope around nothing (a write's ``"data": []``, a list of names)
        body = delta_records(body) or body
    groups = compound_document(body) if groups is None else groups
    groups = typed_list(body, route.segments, exchange.request.url) if groups is None else groups
    groups = answer_bundle(body) if groups is None else groups
    if groups is None:
        literal = [seg for seg in route.segments if not seg.startswith("{")]
        body, beside = split_outcome(body)
        unwrapped = unwrap(body, collection=literal[-1] if literal else None, literals=tuple(literal))
        groups = ([unwrapped] if unwrapped is not None else []) + side_loaded(body) + beside
    if acknowledges(route.method, [unwrapped.records for unwrapped in groups]) or operation_outcome(route, groups):
        return []
    groups = [replace(g, records=docs) if (docs := view_documents(g.records)) is not None else g for g in groups]
    batches = []
    for unwrapped in groups:
        if unwrapped.key is None and not unwrapped.many and unwrapped.records \
                and (held := api_listed(exchange.request.url, unwrapped.records[0])):  # the list beside its flags
            unwrapped = Unwrapped(unwrapped.records[0][held], held, f"{unwrapped.path}.{held}[]", True)
        batch_route = route
        if not unwrapped.many and unwrapped.records:
            batch_route = key_segments(route, unwrapped.records[0])
        elif unwrapped.records:
            batch_route = listed_route(route, unwrapped.records)
        name = operation_name(batch_route, exchange.request.url, unwrapped.many) if unwrapped.key is None else None
        name = name or entity_name(batch_route, unwrapped.key)
        if name is not None and unwrapped.key is None and unwrapped.many:
            name = qualified_collection(name, unwrapped.records)
        if not unwrapped.many and unwrapped.records and unwrapped.key is None:
            name = action_collection(batch_route, unwrapped.records[0]) \
                or lookup_collection(batch_route, unwrapped.records[0]) or name
        if unwrapped.key is None and (entity_set := context_entity_set(body)):
            name = plural(snake(entity_set))
        if name is not None:
            if json_fields := declared_json(exchange.request.url, unwrapped.records):  # a projected read only
                unwrapped = replace(unwrapped, json_fields=json_fields)
            if asked := asked_fields(exchange.request.url, unwrapped.records):  # the read named its fields
                unwrapped = replace(unwrapped, asked=asked)
            if unwrapped.many and (filters := query_filters(exchange.request.url, unwrapped.records)):
                unwrapped = replace(unwrapped, filters=filters)
            batches.append((batch_route, name, replace(unwrapped, key_fields=keys) if keys else unwrapped))
    return batches
