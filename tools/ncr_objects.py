# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""NCR v2 API's objects, described once: the fields of a tag and of its images, of an image (list item and detail)
and of a registry (current and older shape), each with its JSON type and what the collection returns of it.

Python standard library only. The simulator (``tools/ncr_simulator.py``, run standalone) imports it from beside
itself, the unit tests' fake (``tests/unit/fake_ncr.py``) imports it as part of the collection, and both build every
API object with :func:`build`, which refuses a field missing or one not described. ``tests/unit/tools/
test_ncr_objects.py`` holds the fake, the simulator, the modules' answers and their RETURN docs to this description:
a new API field is added here first, and that test then names every place that does not know it yet.

Source: the NCP API documentation (``Container Registry`` v2 pages), gathered in the developers' reference.
"""

# JSON types of the API's fields. "time" is epoch milliseconds (a number; the older registry shape sends a string of
# digits), which the collection returns as ISO 8601 UTC text. "list" holds objects of the kind named by ``items``.
TYPES = ('str', 'int', 'bool', 'time', 'list')
# The type a module's RETURN documents for a value of each API type.
RETURN_TYPES = {'str': 'str', 'int': 'int', 'bool': 'bool', 'time': 'str', 'list': 'list'}


class Field:
    """One field of an API object.

    ``returned``: the key the collection returns it under (None: not returned); ``return_type``: the type its RETURN
    doc names (default from :data:`RETURN_TYPES`); ``nullable``: the API may send null; ``items``: the kind of the
    objects of a list; ``only``: the shapes that carry the field (None: every shape of the kind).
    """

    __slots__ = ('name', 'type', 'returned', 'return_type', 'nullable', 'items', 'only')

    def __init__(self, name, json_type, returned=None, return_type=None, nullable=False, items=None, only=None):
        if json_type not in TYPES:
            raise ValueError('field %s: unknown type %r' % (name, json_type))
        self.name = name
        self.type = json_type
        self.returned = name if returned is None else returned
        self.return_type = return_type or RETURN_TYPES[json_type]
        self.nullable = nullable
        self.items = items
        self.only = only

    def __repr__(self):
        return 'Field(%r, %r)' % (self.name, self.type)


class Kind:
    """An API object: its fields and its shapes (the answers that carry a different set of them)."""

    def __init__(self, name, what, fields, shapes=('default',)):
        self.name = name
        self.what = what
        self.fields = tuple(fields)
        self.shapes = tuple(shapes)
        self.by_name = dict((f.name, f) for f in self.fields)
        for field in self.fields:
            unknown = set(field.only or ()) - set(self.shapes)
            if unknown:
                raise ValueError('%s.%s: unknown shapes %s' % (name, field.name, sorted(unknown)))
        # The keys of each shape, in the order the API object is built with: alphabetical, as NCR's answers are.
        self.keys = dict((shape, tuple(sorted(f.name for f in self.fields if f.only is None or shape in f.only)))
                         for shape in self.shapes)
        self.key_sets = dict((shape, frozenset(keys)) for shape, keys in self.keys.items())

    def shape_fields(self, shape=None):
        keys = self.key_sets[self.shape(shape)]
        return tuple(f for f in self.fields if f.name in keys)

    def shape(self, shape):
        if shape is None:
            return self.shapes[0]
        if shape not in self.key_sets:
            raise ValueError('%s has no shape %r (shapes: %s)' % (self.name, shape, ', '.join(self.shapes)))
        return shape


TAG_IMAGE = Kind('tag_image', "an element of a tag's images (one platform's image)", (
    Field('architecture', 'str'),
    Field('created', 'time'),
    Field('digest', 'str'),
    Field('features', 'str'),
    Field('latest_pulled', 'time'),
    Field('mediaType', 'str', returned='media_type'),
    Field('os', 'str'),
    Field('os_features', 'str'),
    Field('os_version', 'str', nullable=True),
    Field('size', 'int'),
    Field('updated', 'time'),
    Field('variant', 'str', nullable=True),
))

TAG = Kind('tag', 'a tag (list item and tag detail)', (
    Field('creator', 'str'),
    Field('digest', 'str'),
    Field('full_size', 'int'),
    Field('id', 'int'),
    Field('image_id', 'int'),
    Field('images', 'list', items='tag_image'),
    Field('last_updated', 'time'),
    Field('last_updater', 'str'),
    Field('name', 'str'),
    Field('repository', 'int'),
    Field('v2', 'bool'),
))

IMAGE = Kind('image', 'an image (listing item, and the image-detail answer)', (
    Field('can_edit', 'bool'),
    Field('description', 'str'),
    Field('full_description', 'str', only=('detail',)),
    Field('is_automated', 'bool'),
    Field('is_private', 'bool'),
    Field('last_updated', 'time'),
    Field('name', 'str'),
    Field('namespace', 'str'),
    Field('private_id', 'str', only=('detail',)),
    Field('pull_count', 'int'),
    Field('repository_type', 'str'),
    Field('star_count', 'int'),
    Field('status', 'int'),
    Field('tag_mutability_enabled', 'bool', only=('detail',)),
    Field('user', 'str'),
), shapes=('list', 'detail'))

REGISTRY = Kind('registry', 'a registry (the current documented shape, and the older one)', (
    Field('bucket', 'str'),
    Field('created', 'time'),
    Field('end_point', 'str'),
    Field('end_point_enabled', 'bool', only=('current',)),
    Field('name', 'str'),
    Field('private_end_point', 'str', only=('current',)),
    Field('private_id', 'str', only=('current',)),
    Field('public_reg_status', 'bool', only=('current',)),
    Field('scan_on_push_enabled', 'bool', only=('current',)),
    Field('status', 'str'),
    # Storage used, in bytes; the module documents it as raw (null with the current shape, which lacks it).
    Field('usage', 'int', return_type='raw', only=('old',)),
), shapes=('current', 'old'))

KINDS = dict((kind.name, kind) for kind in (TAG, TAG_IMAGE, IMAGE, REGISTRY))


def build(kind, shape=None, **values):
    """The API object of ``kind`` (a name of :data:`KINDS`) and ``shape``, from exactly its fields' values.

    A field missing or not described raises ValueError naming it, so a builder that does not know a field yet fails
    at once rather than answering without it.
    """
    kind = KINDS[kind]
    shape = kind.shape(shape)
    keys = kind.keys[shape]
    if values.keys() != kind.key_sets[shape]:
        missing = sorted(kind.key_sets[shape] - set(values))
        unknown = sorted(set(values) - kind.key_sets[shape])
        raise ValueError('building %s (%s): %s%s%s' % (
            kind.what, shape, 'missing %s' % ', '.join(missing) if missing else '', '; ' if missing and unknown else '',
            'not described: %s' % ', '.join(unknown) if unknown else ''))
    return dict((key, values[key]) for key in keys)


def problems(kind, value, shape=None, where=None):
    """What is wrong with ``value`` as an API object of ``kind`` and ``shape``: a list of messages, empty when none.

    Checks the keys (exactly the described ones) and each value's JSON type, list items too.
    """
    kind = KINDS[kind]
    shape = kind.shape(shape)
    where = where or kind.name
    if not isinstance(value, dict):
        return ['%s: not an object: %r' % (where, type(value).__name__)]
    found = []
    expected = kind.key_sets[shape]
    missing, unknown = sorted(expected - set(value)), sorted(set(value) - expected)
    if missing:
        found.append('%s: missing %s' % (where, ', '.join(missing)))
    if unknown:
        found.append('%s: not described: %s' % (where, ', '.join(unknown)))
    for field in kind.shape_fields(shape):
        if field.name not in value:
            continue
        item = value[field.name]
        if item is None:
            if not field.nullable:
                found.append('%s.%s: null, not %s' % (where, field.name, field.type))
        elif not _is(field.type, item):
            found.append('%s.%s: %r is not %s' % (where, field.name, item, field.type))
        elif field.type == 'list':
            for index, element in enumerate(item):
                found.extend(problems(field.items, element, where='%s.%s[%d]' % (where, field.name, index)))
    return found


def _is(type_name, value):
    if type_name == 'bool':
        return isinstance(value, bool)
    if type_name == 'int':
        return isinstance(value, int) and not isinstance(value, bool)
    if type_name == 'str':
        return isinstance(value, str)
    if type_name == 'list':
        return isinstance(value, list)
    # time: epoch milliseconds, a number or (older registry shape) a string of digits.
    return (isinstance(value, int) and not isinstance(value, bool)) or (isinstance(value, str) and value.isdigit())
