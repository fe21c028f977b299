"""Foreign keys found by a column's name, a relation word or the links it holds.

* ``user_id`` / ``user`` holding keys of ``users``: a reference to ``users``;
* a role before the entity's name (``default_price``, ``home_branch_id``): that reference, its values keys of it;
* ``reports_to``, ``manager_id``, ``owner``: a relation word, with values contained in some key;
* ``"homeworld": "https://host/api/planets/1/"``: a link to the row of the table it addresses.
"""

from __future__ import annotations

import base64
import binascii
import re

from inference.agents import PEOPLE, agent_name_target, agent_role, people_table
from inference.alternate_ids import alternate_id, id_named, joined_id
from inference.alternate_ids import int_keys as _int_keys
from inference.code_refs import code_target
from inference.conventions import merge_expandable, types_table
from inference.drafts import Draft, FKDraft, key_text
from inference.entities import Collector
from inference.identity import TAG_NAMES
from inference.keys import CONTAINMENT, TYPED_ID, own_code, pk_of
from inference.links import is_link, links_column, target_by_link
from inference.naming import no_reference, plural, singular, snake
from inference.plain_refs import plain_reference
from inference.types import detect_uuid, unseen_type

RELATION_WORD = re.compile(r"(^|_)(to|by|via|of|parent|manager|supervisor|owner|creator|assignee|reporter)(_|$)")


def null_references(collector: Collector, draft: Draft) -> None:
    """A field null in every record is a reference left empty, ``<field>_id``, when its name says so: ``<field>_id``
    names a served table's key (``tenant``, ``parent_device``), or the field holds stubs of some table in other
    tables' records (a device's ``role``), or a sibling of the same stem holds them (``primary_ip6`` beside
    ``primary_ip4``: then it references the sibling's table). A name that says its type (``retry_limit``, a
    ``*_type`` tag) is no reference."""
    refs = {c: fk for d in collector.drafts.values() for fk in d.fks if len(fk.columns) == 1
            for c in fk.columns if fk.rule == "embedded object with identity" and c.endswith("_id")}
    own = {c.removesuffix("_id").rstrip("0123456789"): fk for c, fk in refs.items()
           if any(f is fk for f in draft.fks)}
    taken = {c for fk in draft.fks for c in fk.columns}
    for col in draft.columns():
        if (col.endswith("_id") or col.startswith("__") or col in draft.jsonb or col in taken or draft.pk == [col]
                or f"{col}_id" in draft.paths or any(v is not None for v in draft.values(col))):
            continue
        if unseen_type(col) != "text" or col.endswith("_type") or col in TAG_NAMES:
            continue  # a name that says the value's type (``retry_limit``, ``*_type``): no reference
        if plain_reference(collector, draft, col, _target_by_name):
            continue
        sibling = own.get(col.rstrip("0123456789"))
        named = _names_a_table(collector, draft, f"{col}_id")
        if not named and sibling is None and f"{col}_id" not in refs:
            if (key := draft.stub_keys.get(col.rpartition("_")[2])) is not None and col.rpartition("_")[0]:
                merge_expandable(draft, col, f"{col}_{snake(key)}")  # ``merge_commit`` beside ``source.commit`` stubs
            elif col.endswith("_by") and (agents := _agent_table(collector, draft, col)) is not None:
                merge_expandable(draft, col, f"{col}_{agents[1]}")  # ``closed_by``: a person, as authors are
                draft.add_fk(FKDraft([f"{col}_{agents[1]}"], agents[0], [agents[1]],
                                     "never filled; an agent's role, and agents are one table", 0.5))
            continue
        merge_expandable(draft, col, f"{col}_id")
        if sibling is not None and not named:
            draft.add_fk(FKDraft([f"{col}_id"], sibling.ref_table, list(sibling.ref_columns),
                                 "never filled; a sibling of its stem references the table", 0.5))


def _agent_table(collector: Collector, draft: Draft, col: str) -> tuple[str, str] | None:
    """The one table that the capture's agent roles reference (``author``, ``owner``, ``reporter``, ``*_by``, alone
    or after a qualifier), with its key, when one of them is an object beside ``col`` (``closed_by`` next to
    ``author``); None when they reference none or several."""
    found = {(fk.ref_table, fk.ref_columns[0]) for d in collector.drafts.values() for fk in d.fks
             if len(fk.columns) == 1 and fk.columns[0].endswith("_" + fk.ref_columns[0])
             and agent_role(fk.columns[0][: -len(fk.ref_columns[0]) - 1])}
    where = {p.rpartition(".")[0] for p in draft.paths.get(col, ())}
    beside = any(p.rpartition(".")[0].rpartition(".")[0] in where for fk in draft.fks if len(fk.columns) == 1
                 and agent_role(fk.columns[0][: -len(fk.ref_columns[0]) - 1]) for p in draft.paths.get(fk.columns[0], ()))
    return found.pop() if len(found) == 1 and beside else None


def _names_a_table(collector: Collector, draft: Draft, col: str) -> bool:
    """``col`` is a reference name of a served table's key, alone or after a role (``parent_device_id``); the
    last word of a table's name is not enough (``subdevice_role_id`` names no ``device_roles``)."""
    for target in collector.drafts.values():
        pk = pk_of(target) if target.kind == "entity" else None
        names = _fk_names(target, pk) - {""} if pk is not None and not (target is draft and col == pk) else set()
        if col in names or any(col.endswith("_" + name) for name in names):
            return True
    return False


def named_fks(collector: Collector, draft: Draft) -> None:
    null_references(collector, draft)
    taken = {c for fk in draft.fks for c in fk.columns}
    own_keys = _own_natural_keys(collector)
    for col, (table, tag) in draft.typed_refs.items():
        # the tag beside a key names a served table: a reference to it, the tag no column of its own
        tagged = collector.drafts.get(table)
        if col in taken or col not in draft.paths or tagged is None or tagged.pk is None or len(tagged.pk) != 1:
            continue
        draft.add_fk(FKDraft([col], tagged.name, list(tagged.pk), "a type tag beside the key names the entity", 0.9))
        draft.dropped.add(tag)
        taken.add(col)
    for col in draft.columns():
        if col in taken or col.startswith("__") or col in draft.jsonb or no_reference(col, collector.drafts, draft):
            continue
        relative = _relative_target(collector, draft, col)
        if relative is not None:
            draft.add_fk(FKDraft([col], relative[0].name, [relative[1]], "relative references name the entity", 0.8))
            continue
        # ``idValue``: the id before a role names no table, but says the column holds some table's keys
        relation = RELATION_WORD.search(col) is not None or col.startswith("id_") and len(col) > 4 or col == "parentid"
        relation = relation or types_table(collector.drafts, draft, col) is not None
        natural = col.rpartition("_")[2] in _NATURAL_KEYS and "_" in col
        owned = [(t, k) for k, t in own_keys.items() if t is not draft and (col == k or col.endswith("_" + k))]
        agent, headed = agent_role(col), _headed_target(collector, draft, col)
        if not (relation or natural or owned or agent or headed or _named_by_some(collector, draft, col)
                or links_column(draft, col)):
            continue  # no rule below can apply: spare collecting the values
        zeros = zero_sentinels(held := draft.values(col))
        values = {key_text(v) for v in held} - {""}
        if zeros and values == zeros:  # ``"featured_media": 0`` in every record: "none", and the name decides
            target = _zero_target(collector, draft, col, relation)
            if target is not None:
                draft.add_fk(FKDraft([col], target[0].name, [target[1]],
                                     "only the zero sentinel of \"none\"; the name names the entity", 0.5))
            continue
        values -= zeros  # ``"parent": 0`` beside keys: "none", as null
        if not values:  # never a value: the name alone decides, when it names a table's key
            target = _target_by_name(collector, draft, col, values) if id_named(col) else None
            rule = "column name names the entity; no values"
            if target is None and col.endswith("_id"):
                target = _same_field_elsewhere(collector, draft, col)
                rule = "never filled; the same field's objects elsewhere reference the table"
            if target is None and (target := agent_name_target(collector, draft, col, values)) is not None:
                rule = "never filled; an agent's role, and the capture's agents are named by user name"
            if target is not None:
                draft.add_fk(FKDraft([col], target[0].name, [target[1]], rule, 0.5))
            continue
        target = _target_by_name(collector, draft, col, values)
        rule = "column name names the entity; values contained"
        if target is None and all(is_link(v) for v in values):
            target = target_by_link(collector.drafts, draft, values, pk_of)
            rule = "links to rows of the entity they address"
        if target is None and relation:
            target = _target_by_relation(collector, draft, col, values)
            rule = "relation word; values contained"
        if target is None and natural:
            target = _target_by_natural_key(collector, draft, col, values)
            rule = "column name names the entity's natural key; values contained"
        if target is None and len(owned) == 1 and owned[0][0].key_hits(values, owned[0][1]) == len(values):
            target = owned[0]
            target[0].alternate_keys.add(target[1])
            rule = "named after a table's own natural key (``tax_type`` of tax rates); values contained"
        if target is None and headed is not None and headed[0].key_hits(values, headed[1]) == len(values):
            target = headed
            rule = "the table's name before a preposition (``page_on_front``); values contained"
        if target is None and _ACTOR.search(col):
            target = _actor_table(collector, draft, values)
            rule = "who did it (``*_by``) is a person; the people's table is keyed by tokens of that form"
        if target is None and (target := agent_name_target(collector, draft, col, values)) is not None:
            rule = "an agent's role holding user names of the one table of people"
        if target is None and agent and all(v.isdigit() for v in values) and (people := people_table(collector, draft)) \
                and people[0].key_hits(values, people[1]) == len(values):
            target, rule = people, "an agent's role holding ids the one table of people holds as keys"
        if target is None:
            target = code_target(collector.drafts.values(), draft, col, values, _naming, _NATURAL_KEYS, owned)
            rule = "named after a table of codes, and spelt as its codes; the capture read other rows of it"
        if target is not None:
            draft.add_fk(FKDraft([col], target[0].name, [target[1]], rule, 0.8))


#: The zero GUID, "no reference" of .NET back ends (as ``0`` is of integer keys in PHP/MySQL ones).
_ZERO_UUID = "00000000-0000-0000-0000-000000000000"


def zero_sentinels(values: list[object]) -> set[str]:
    """``{"0"}`` (or the zero GUID) when a column of integers (of UUIDs) holds it: many back ends write ``0`` for "no
    reference" (``"author": 0``, ``"parent": 0``, ``ParentId`` of zeros), a null that no table's key holds; else
    empty. A column of other values (text, booleans, decimals) keeps its zeros."""
    held = [v for v in values if v is not None]
    if held and all(type(v) is int for v in held) and 0 in held:
        return {"0"}
    if held and all(isinstance(v, str) and detect_uuid(v) for v in held if v != _ZERO_UUID) and _ZERO_UUID in held:
        return {_ZERO_UUID}
    return set()


def _zero_target(collector: Collector, draft: Draft, col: str, relation: bool) -> tuple[Draft, str] | None:
    """The table a column holding only the zero sentinel references by its name: a table it names (``featured_media``
    after a role), its own table by a hierarchy word (``parent``), or the one served table of people by an agent's
    role (``author``); only a table keyed by integers (a zero GUID: by UUIDs)."""
    target = _target_by_name(collector, draft, col, set())
    if target is None and relation and _HIERARCHY & set(col.split("_")) and draft.kind == "entity":
        own = pk_of(draft)
        target = (draft, own) if own is not None and col in ("parent", f"parent_{own}") else None
    if target is None:
        target = _headed_target(collector, draft, col)
    if target is None and agent_role(col):
        target = people_table(collector)
    if target is None or target[0].kind == "child":  # no value, no evidence: only a table read on its own
        return None
    keys = {key_text(r.values.get(target[1])) for r in target[0].rows[:200]} - {""}
    uuid = any(v == _ZERO_UUID for v in draft.values(col))
    return target if keys and (_uuid_keys(keys) if uuid else _int_keys(keys)) else None


#: Prepositions after which a name says what the referenced record is for (``page_on_front``, ``post_for_review``).
_PREPOSITIONS = frozenset({"on", "for", "in", "at", "to"})


def _headed_target(collector: Collector, draft: Draft, col: str) -> tuple[Draft, str] | None:
    """``page_on_front``, ``page_for_posts``: a name whose first word is a served table's singular, followed by a
    preposition, is a record of that table in the role the rest says (another table, keyed by one column)."""
    head, _, rest = col.partition("_")
    target = collector.drafts.get(plural(head)) if rest.partition("_")[0] in _PREPOSITIONS else None
    pk = pk_of(target) if target is not None and target is not draft and target.kind == "entity" else None
    return (target, pk) if target is not None and pk is not None and plural(head) != head else None


def _own_natural_keys(collector: Collector) -> dict[str, Draft]:
    """Columns other than the key that name their own table by its first word (``tax_type`` of ``tax_rates``) and
    that every row holds once as a word (not a number, not a date): natural keys, which other tables' columns of that
    name (``tax_type``, ``sales_tax_type`` after a role) reference. A name whose words before the last name another
    served table (``work_pool_name`` in work queues) is that table's, copied; a name two tables claim is no one's."""
    found: dict[str, list[Draft]] = {}
    for target in collector.drafts.values():
        if target.kind != "entity" or len(target.rows) < 2 or pk_of(target) is None:
            continue
        first = target.singular.partition("_")[0]
        for col in target.columns():
            head, _, last = col.rpartition("_")
            if (not head or col.partition("_")[0] != first or col == pk_of(target) or last in ("id", "ids")
                    or col in target.jsonb or plural(head) in collector.drafts and plural(head) != target.name):
                continue
            held = [r.values.get(col) for r in target.rows]
            if all(isinstance(v, str) and v and not v[0].isdigit() for v in held) and len(set(held)) == len(held):
                found.setdefault(col, []).append(target)
    return {col: targets[0] for col, targets in found.items() if len(targets) == 1}


def _same_field_elsewhere(collector: Collector, draft: Draft, col: str) -> tuple[Draft, str] | None:
    """``parent_id`` never filled in folders while the files' ``parent`` objects reference ``folders``: a field of
    one name holding objects with identity references one table across the API, so the empty one does too."""
    targets = {(fk.ref_table, fk.ref_columns[0]) for d in collector.drafts.values() if d is not draft for fk in d.fks
               if fk.columns == [col] and fk.rule == "embedded object with identity" and len(fk.ref_columns) == 1}
    if len(targets) != 1:
        return None
    name, key = targets.pop()
    target = collector.drafts.get(name)
    return (target, key) if target is not None and target.kind == "entity" else None


_ACTOR = re.compile(r"(^|_)by$")
_WORD_TOKEN = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def _actor_table(collector: Collector, draft: Draft, values: set[str]) -> tuple[Draft, str] | None:
    """``"created_by": "00u1x9…"``, ``"by": "norvig"``: who did something is a person, so the field references the
    served table of people (``users``) when its key is text tokens of the values' form (word characters, never only
    digits; one length for generated ids), although the capture read other people than those named."""
    for name in PEOPLE:
        target = collector.drafts.get(name)
        pk = pk_of(target) if target is not None and target is not draft and target.kind == "entity" else None
        if target is None or pk is None:
            continue
        keys = {key_text(r.values.get(pk)) for r in target.rows[:200]} - {""}
        if _word_tokens(values) and _word_tokens(keys) and _token_length(values) == _token_length(keys):
            return target, pk
    return None


def _word_tokens(values: set[str]) -> bool:
    return bool(values) and all(_WORD_TOKEN.match(v) and not v.isdigit() for v in values)


def _token_length(values: set[str]) -> int:
    """The one length of generated ids (several of one length, or one long one); 0 for names (usernames)."""
    lengths = {len(v) for v in values}
    one = lengths.pop() if len(lengths) == 1 else 0
    return one if len(values) > 1 or one >= 12 else 0


#: Names of natural keys a record carries beside its id (an account's ``code``, a product's ``sku``).
_NATURAL_KEYS = ("code", "key", "slug", "sku", "handle", "number", "identifier")


def _target_by_natural_key(collector: Collector, draft: Draft, col: str, values: set[str]) -> tuple[Draft, str] | None:
    """``account_code`` (or ``sales_account_code`` after a role) holding codes of ``accounts``' ``code``, a column
    other than the key that every row of it holds once: a reference by that natural key, which is then unique."""
    best: tuple[int, int, Draft, str] | None = None
    for target in collector.drafts.values():
        if target is draft or target.kind != "entity" or not target.rows:
            continue
        pk = pk_of(target)
        for natural in _NATURAL_KEYS:
            naming = _naming(col, target, natural) if natural != pk and natural in target.paths else 0
            if not naming or best is not None and (naming, len(target.singular)) <= best[:2]:
                continue
            held = [key_text(r.values.get(natural)) for r in target.rows]
            lone = len(held) < 2 and naming < 2  # one row read: only its exact name (``resource_server_identifier``)
            if lone or "" in held or len(set(held)) < len(held) or target.key_hits(values, natural) < len(values):
                continue
            best = (naming, len(target.singular), target, natural)
    if best is None:
        return None
    best[2].alternate_keys.add(best[3])
    return best[2], best[3]


_RELATIVE_REF = re.compile(r"([A-Za-z][A-Za-z0-9_-]*)/([^/\s?#]+)")


def _relative_target(collector: Collector, draft: Draft, col: str) -> tuple[Draft, str] | None:
    """``"Medication/example"`` in every row: a relative reference spelling the type and the id (FHIR's
    ``{"reference": "Patient/1"}``, resource paths such as ``"users/42"``) references the table the type names
    when its key holds the ids; a type naming no served table references nothing."""
    first = next((r.values[col] for r in draft.rows[:50] if r.values.get(col) is not None), None)
    if not isinstance(first, str) or _RELATIVE_REF.fullmatch(first) is None:
        return None
    kinds: set[str] = set()
    ids: set[str] = set()
    for value in {key_text(v) for v in draft.values(col)} - {""}:
        match = _RELATIVE_REF.fullmatch(value)
        if match is None:
            return None
        kinds.add(match.group(1))
        ids.add(match.group(2))
    if len(kinds) != 1:
        return None
    target = collector.drafts.get(plural(snake(kinds.pop())))
    pk = pk_of(target) if target is not None and target.kind == "entity" else None
    if target is None or pk is None or target.key_hits(ids, pk) < CONTAINMENT * len(ids):
        return None
    return target, pk


#: Words that, joined to a table's singular, spell its natural key as one word (``username``).
_KEY_SUFFIXES = ("name", "code", "key", "slug", "handle")


def _fk_names(target: Draft, pk: str) -> set[str]:
    """The column names that refer to ``target`` by its key ``pk``."""
    names: set[str] = set()
    for name in (target.singular, *map(singular, target.aliases)):
        names |= {f"{name}_{pk}", f"{name}_id" if pk == "id" else "", name}
    if pk != "id" and pk.startswith(target.singular + "_") or own_code(target, pk):
        names.add(pk)
    if pk.startswith(target.singular) and pk[len(target.singular):] in _KEY_SUFFIXES:
        names.add(pk)  # a key spelt as one word with the table's (``username`` of users, ``groupname`` of groups)
    return names


def _naming(col: str, target: Draft, pk: str, beside: Draft | None = None) -> int:
    """How ``col`` names ``target``: 2 by one of its reference names (``_fk_names``), 1 by such a name
    after a role (``default_price``, ``home_branch_id``), 0 not at all."""
    names = _fk_names(target, pk) - {""}
    if (col in names or col == f"{target.singular}_id" and pk.startswith(f"{target.singular}_")  # ``meter_uuid``
            or joined_id(col, target, pk)):
        return 2
    if any(col.endswith("_" + name) for name in names):
        return 1
    # ``storage_document_id`` after a role names ``block_documents`` by the last word of its name
    last = target.singular.rpartition("_")[2]
    if last != target.singular and len(last) > 3 and col.endswith(f"_{last}_{pk}"):
        # unless a sibling names the table in full (``quality_profile_id`` beside ``language_profile_id``)
        return 0 if beside is not None and any(c != col and c in names for c in beside.columns()) else 1
    # named within its parent's or the referrer's name by its field (``discount_uid``, a meal plan's ``section_id``)
    parent = singular(target.parent) if target.kind == "child" and target.parent else beside.singular if beside else ""
    field = target.singular.removeprefix(parent + "_") if parent else ""
    return 1 if field and field != target.singular and col == f"{field}_{pk}" else 0


def _named_by_some(collector: Collector, draft: Draft, col: str) -> bool:
    """Whether ``col`` is named after some table's key (the first test of :func:`_target_by_name`)."""
    for target in list(collector.drafts.values()):
        pk = pk_of(target) if target.kind != "join" else None
        if pk is not None and _naming(col, target, pk, draft) and not (target is draft and col == pk):
            return True
    return False


def _target_by_name(collector: Collector, draft: Draft, col: str, values: set[str]) -> tuple[Draft, str] | None:
    """The table ``col`` names (by a reference name, else by the longest one after a role) whose key
    holds most of the values."""
    best: tuple[int, int, Draft, str] | None = None
    for target in collector.drafts.values():
        pk = pk_of(target) if target.kind != "join" else None
        if pk is None or target is draft and (col in (pk, f"{draft.singular}_{pk}") or own_code(target, pk)):
            continue  # a code of its own, or its key spelt after its own table (``basket_id`` of lines): no parent
        naming = _naming(col, target, pk, draft)
        if not naming or best is not None and (naming, len(target.singular)) <= best[:2]:
            continue
        # the name alone says nothing of keys when the table holds a field of that name (``user_id`` of users: the
        # users' id in another system), so the keys' form (integers, tokens) is no evidence there
        by_form = naming == 2 and col not in target.paths
        if (not values or target.key_hits(values, pk) / len(values) >= CONTAINMENT or _same_id_prefix(values, target, pk)
                or _uuid_keys(values) and _uuid_keys({key_text(r.values.get(pk)) for r in target.rows[:200]})
                or by_form and not target.listed and _int_keys(values) and _int_keys({key_text(r.values.get(pk)) for r in target.rows[:200]})
                or by_form and _token_keys(values, False) and _token_keys({key_text(r.values.get(pk)) for r in target.rows[:200]}, True)):
            best = (naming, len(target.singular), target, pk)
        elif (alternate := alternate_id(target, pk, values)) is not None:
            best = (naming, len(target.singular), target, alternate)
    return (best[2], best[3]) if best is not None else None


_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,64}$|^0x[0-9a-fA-F]{16,128}$")  # or a hash digest


def _token_keys(values: set[str], opaque: bool) -> bool:
    """Id tokens throughout (word characters with a digit; ``opaque``: with letters too, as ``6X7rM8997g3RQmvh``).
    A column spelt exactly as a reference to a table keyed by opaque tokens (``project_id``) holds its keys although
    the capture read other rows of it: such keys do not tell tables apart by their form, and a name does."""
    return bool(values) and all(_TOKEN.match(v) and any(c.isdigit() for c in v)
                                and (not opaque or any(c.isalpha() for c in v)) for v in values)


def opaque_keys(values: set[str], target: Draft, pk: str) -> bool:
    """Id tokens throughout, and ``target`` keyed by opaque tokens (letters with digits): keys whose form does not
    tell tables apart, so a reference spelt exactly after the table holds its keys though its rows were not read."""
    return _token_keys(values, False) and _token_keys({key_text(r.values.get(pk)) for r in target.rows[:200]}, True)


def integer_keys(values: set[str], target: Draft, pk: str) -> bool:
    """Integers throughout, and ``target`` keyed by integers: an array spelt exactly ``<singular>_ids`` after it
    holds its keys though its listed page did not show them (integer keys do not tell tables apart, a name does)."""
    return _int_keys(values) and _int_keys({key_text(r.values.get(pk)) for r in target.rows[:200]})


def _uuid_keys(values: set[str]) -> bool:
    """Random UUIDs throughout: a column named after a table keyed by UUIDs holds that table's keys, although
    the very rows were not captured (``parent_page_id`` of pages whose parent page was never read)."""
    return bool(values) and all(detect_uuid(v) for v in values)


_GLOBAL_ID = re.compile(r"^[A-Za-z0-9+/]{8,}={0,2}$")
_TYPED_KEY = re.compile(r"^([A-Za-z_][\w.]{1,40}):[^:]+$")


def _id_prefix(text: str) -> str | None:
    """The type an id spells: a prefix (``price_1Pg…``), or the type of a global id, base64 of
    ``<type>:<key>`` (``cGxhbmV0czox`` is ``planets:1``, as Relay servers build them)."""
    match = TYPED_ID.match(text)
    if match:
        return match.group(1)
    if len(text) % 4 or not _GLOBAL_ID.match(text):
        return None
    try:
        decoded = base64.b64decode(text, validate=True).decode("ascii")
    except (binascii.Error, UnicodeDecodeError):
        return None
    typed = _TYPED_KEY.match(decoded)
    return typed.group(1) + ":" if typed else None


def same_id_type(values: set[str], target: Draft, pk: str) -> bool:
    """Typed ids (``price_1Pg…`` among ``prices`` keyed ``price_…``, Relay global ids of one type): the
    type names the table even when the very row was not captured."""
    return _same_id_prefix(values, target, pk)


def _same_id_prefix(values: set[str], target: Draft, pk: str) -> bool:
    prefixes = set(map(_id_prefix, values))
    if len(prefixes) != 1 or None in prefixes:
        return False
    keys = [key_text(r.values.get(pk)) for r in target.rows[:200]]
    return bool(keys) and set(map(_id_prefix, keys)) == prefixes


#: Relation words between records of one kind (a tree or a chain of command): they name the record's own table.
_HIERARCHY = frozenset({"parent", "manager", "supervisor", "reports"})


def _target_by_relation(collector: Collector, draft: Draft, col: str, values: set[str]) -> tuple[Draft, str] | None:
    tokens = [t for t in col.split("_") if not RELATION_WORD.fullmatch(t) and len(t) >= 3]
    tokens += [kinds] if (kinds := types_table(collector.drafts, draft, col)) is not None else []
    tokens += [people[0].singular] if agent_role(col) and (people := people_table(collector, draft)) else []  # a person
    candidates = []
    for target in collector.drafts.values():
        pk = pk_of(target) if target.kind in ("entity", "embedded", "child") else None
        if pk and target.key_hits(values, pk) == len(values):
            candidates.append((target, pk))
    for target, pk in candidates:
        if any(target.name.startswith(t) or t.startswith(target.singular) for t in tokens):
            return target, pk
    own = next(((t, pk) for t, pk in candidates if t is draft), None)
    if own and len(candidates) > 1 and len(values) < 2 and not _HIERARCHY & set(col.split("_")):
        return None  # one value that several tables' keys hold (``escalate_to: 1``) tells none of them
    # Otherwise containment, type and cardinality decide: the one table whose key holds them all.
    if own or candidates:  # a kind named before ``_id`` (``owner_user_id``) that no candidate is: none of them
        kind = col[:-3].rpartition("_")[2] if col.endswith("_id") and col.count("_") > 1 else ""
        return own or (candidates[0] if len(candidates) == 1 and kind not in tokens else None)
    # ``parent_id`` alone names the record's own table; keys of opaque tokens are not told apart by containment
    # ``parentid``, the word glued to ``id`` as keys spelt ``revid`` are: its own table's, a child's too
    own_pk = pk_of(draft) if draft.kind == "entity" or col == "parentid" and draft.kind == "child" else None
    own_keys = {key_text(r.values.get(own_pk)) for r in draft.rows[:200]} if own_pk else set()
    glued = col == "parentid" and own_pk is not None and own_pk.endswith("id") and "_" not in own_pk
    if own_pk and (col in (f"parent_{own_pk}", "parent") or glued) and (_token_keys(values, False) and _token_keys(own_keys, True)
                                                              or _int_keys(values) and _int_keys(own_keys)):
        return draft, own_pk  # integer keys neither: the name says whose keys they are
    return None
