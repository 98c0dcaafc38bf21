"""The ``mc`` domain: ids of models, labs, architectures, benchmarks and tags across documents.

All cross-document state lives here as plain data, tracked per docname, so that
incremental and parallel builds stay correct. The loaded :class:`Catalog` is held
by the domain instance (never pickled with the environment).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Set
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from ..data.catalog import Catalog
from . import dependencies
from .dependencies import Key

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from .config import Settings

logger = logging.getLogger(__name__)

#: Object type -> (role name, label used in messages and the search index).
OBJECT_TYPES: dict[str, tuple[str, str]] = {
    "model": ("model", "model"),
    "lab": ("lab", "lab"),
    "architecture": ("arch", "architecture"),
    "benchmark": ("bench", "benchmark"),
    "tag": ("tag", "tag"),
}
ROLE_TO_TYPE = {role: objtype for objtype, (role, _) in OBJECT_TYPES.items()}

# entries[objtype][id][docname] = (anchor, display name, canonical)
Entries = dict[str, dict[str, dict[str, tuple[str, str, bool]]]]


class CatalogRole(XRefRole):
    """A reference role that also makes the page depend on the object it names."""

    def result_nodes(
        self,
        document: nodes.document,
        env: BuildEnvironment,
        node: nodes.Element,
        is_ref: bool,
    ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        """Note the dependency, then return the reference unchanged."""
        objtype = ROLE_TO_TYPE.get(node.get("reftype", ""), "")
        if objtype:
            note_reference_dependency(env, objtype, node.get("reftarget", ""))
        return [node], []


class ModelcardsDomain(Domain):
    """Models and their labs, architectures, benchmarks and tags."""

    name = "mc"
    label = "Model catalog"
    object_types: ClassVar[dict[str, ObjType]] = {
        objtype: ObjType(label, role) for objtype, (role, label) in OBJECT_TYPES.items()
    }
    roles: ClassVar[dict[str, Any]] = {
        role: CatalogRole(innernodeclass=nodes.inline, warn_dangling=True) for role in ROLE_TO_TYPE
    }
    initial_data: ClassVar[dict[str, Any]] = {
        "entries": {objtype: {} for objtype in OBJECT_TYPES},
        "declared": {},  # docname -> [[objtype, id], ...], so clear_doc needs no scan
        "deps": {},  # docname -> sorted list of dependency keys
        "fingerprints": {},  # dependency key -> hash, as of the last build
    }
    data_version = 3

    #: Held by the instance, never pickled: set for each build at ``builder-inited``.
    catalog: Catalog = Catalog()
    #: The catalog before a site-wide ``modelcards_as_of`` date (``catalog`` without one).
    full_catalog: Catalog = Catalog()
    settings: Settings | None = None
    builder: Builder | None = None
    #: Docnames of the pages the extension generated for this build (not overridden).
    generated_docs: frozenset[str] = frozenset()

    # Stored data ------------------------------------------------------------------------------

    @property
    def entries(self) -> Entries:
        """Declared objects by type, id and docname."""
        return self.data["entries"]  # type: ignore[no-any-return]

    @property
    def deps(self) -> dict[str, list[str]]:
        """Dependency keys of each document."""
        return self.data["deps"]  # type: ignore[no-any-return]

    @property
    def fingerprints(self) -> dict[str, str]:
        """Hashes of the dependency keys as of the last build."""
        return self.data["fingerprints"]  # type: ignore[no-any-return]

    def note_object(
        self, objtype: str, obj_id: str, docname: str, anchor: str, dispname: str, canonical: bool
    ) -> None:
        """Record that ``docname`` declares ``obj_id`` at ``anchor``."""
        self.entries[objtype].setdefault(obj_id, {})[docname] = (anchor, dispname, canonical)
        self.data["declared"].setdefault(docname, []).append([objtype, obj_id])

    def note_dependencies(self, docname: str, keys: Iterable[Key]) -> None:
        """Record the catalog keys whose change must re-read ``docname``."""
        current = set(self.deps.get(docname, ()))
        current.update(keys)
        self.deps[docname] = sorted(current)

    def clear_doc(self, docname: str) -> None:
        """Forget what ``docname`` declared and depended on."""
        for objtype, obj_id in self.data["declared"].pop(docname, ()):
            docs = self.entries.get(objtype, {}).get(obj_id)
            if docs is None:
                continue
            docs.pop(docname, None)
            if not docs:
                del self.entries[objtype][obj_id]
        self.deps.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        """Take over what parallel readers recorded for ``docnames`` (cost: those docs only)."""
        for docname in docnames:
            declared = otherdata["declared"].get(docname, [])
            for objtype, obj_id in declared:
                entry = otherdata["entries"][objtype][obj_id][docname]
                self.entries.setdefault(objtype, {}).setdefault(obj_id, {})[docname] = entry
            if declared:
                self.data["declared"][docname] = declared
            if docname in otherdata["deps"]:
                self.deps[docname] = otherdata["deps"][docname]

    # Lookups ----------------------------------------------------------------------------------

    def lookup(self, objtype: str, obj_id: str) -> tuple[str, str, str] | None:
        """``(docname, anchor, display name)`` of the declaration links should go to.

        A canonical declaration (a generated profile page) wins; otherwise the first
        document by name, so the choice does not depend on reading order.
        """
        docs = self.entries.get(objtype, {}).get(obj_id)
        if not docs:
            return None
        docname = min(docs, key=lambda d: (not docs[d][2], d))
        anchor, dispname, _ = docs[docname]
        return docname, anchor, dispname

    def is_canonical(self, objtype: str, obj_id: str) -> bool:
        """Whether links to ``obj_id`` go to its own page (a generated profile)."""
        found = self.lookup(objtype, obj_id)
        return found is not None and self.entries[objtype][obj_id][found[0]][2]

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        """Every object once, for the search index and ``objects.inv``."""
        for objtype in OBJECT_TYPES:
            for obj_id in sorted(self.entries.get(objtype, {})):
                found = self.lookup(objtype, obj_id)
                if found:
                    docname, anchor, dispname = found
                    yield obj_id, dispname, objtype, docname, anchor, 1

    def get_full_qualified_name(self, node: nodes.Element) -> str | None:
        """The id a reference node points at."""
        target = node.get("reftarget")
        if not target:
            return None
        return _normalise(ROLE_TO_TYPE.get(str(node.get("reftype", "")), ""), str(target))

    def resolve_xref(  # type: ignore[override]  # plain text where no page holds the target
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.Element | None:
        """Resolve ``:mc:model:`id``` and friends; a page that is not part of a
        singlehtml output (an orphan profile) leaves the plain text."""
        objtype = ROLE_TO_TYPE.get(typ, typ)
        if objtype not in OBJECT_TYPES:
            return None
        key = _normalise(objtype, target)
        found = self.lookup(objtype, key)
        if found is None:
            return None
        docname, anchor, dispname = found
        if not node.get("refexplicit"):
            contnode = contnode.deepcopy()
            contnode.children = [nodes.Text(dispname)]
        title = f"{dispname} ({OBJECT_TYPES[objtype][1]})"
        if isinstance(builder, SingleFileHTMLBuilder):
            if docname not in single_page_documents(env, builder):
                return contnode
            # One page: the anchor alone ("#document-x#anchor" would point nowhere).
            refuri = f"#{anchor}" if anchor else f"#document-{docname}"
            reference = nodes.reference("", "", internal=True, refuri=refuri, reftitle=title)
            reference += contnode
            return reference
        return make_refnode(builder, fromdocname, docname, anchor, contnode, title)

    def resolve_any_xref(  # type: ignore[override]
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.Element]]:
        """Resolve the ``:any:`` role against every object type."""
        results = []
        for role, _ in OBJECT_TYPES.values():
            ref = self.resolve_xref(env, fromdocname, builder, role, target, node, contnode)
            if ref is not None:
                results.append((f"mc:{role}", ref))
        return results


def single_page_documents(env: BuildEnvironment, builder: Builder) -> set[str]:
    """The documents a singlehtml build merges into its one page: those reachable
    through toctrees from the root document."""
    cached: set[str] | None = getattr(builder, "_mc_merged", None)
    if cached is None:
        cached, todo = set(), [env.config.root_doc]
        while todo:
            docname = todo.pop()
            if docname not in cached:
                cached.add(docname)
                todo.extend(env.toctree_includes.get(docname, ()))
        builder._mc_merged = cached  # type: ignore[attr-defined]
    return cached


def _normalise(objtype: str, target: str) -> str:
    """Tags may be referenced by display text (``SOTA``); everything else by id."""
    from ..data.schema import slugify

    target = target.strip()
    return slugify(target) if objtype == "tag" else target


def get_domain(env: BuildEnvironment) -> ModelcardsDomain:
    """The ``mc`` domain of ``env``."""
    domain = env.get_domain("mc")
    assert isinstance(domain, ModelcardsDomain)
    return domain


def note_reference_dependency(env: BuildEnvironment, objtype: str, target: str) -> None:
    """A document that links to an object is re-read when that object changes."""
    key = _normalise(objtype, target)
    dependency = dependencies.of_object(objtype, key)
    if dependency is not None:
        get_domain(env).note_dependencies(env.docname, [dependency])
