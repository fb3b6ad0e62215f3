# -*- coding: utf-8 -*-
# Copyright (c) ncloud.ncr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Build the OCI image layout that runme.sh pushes to a real registry with `skopeo copy --all`.

Usage: python build_layout.py LAYOUT_DIR PLAN_JSON SEED_JSON

Writes an OCI image layout (oci-layout, index.json, blobs/sha256/...) holding one image per tag, each named by the
`org.opencontainers.image.ref.name` annotation skopeo's `oci:DIR:TAG` looks for, and PLAN_JSON: per tag the digest
built, its media type and the platform entries of its index; and SEED_JSON, the simulator's data for the same tags
(registry REGISTRY): the NCR API gives a tag's digest as its representative image's (linux/amd64), and the seed keys
`digests` and `manifest_digest` make the simulator's API answer the digests of these images.

The images are what registries hold today:
  1.0.0    an OCI image index of linux/amd64 and linux/arm64/v8 (what `docker buildx build --platform ...` pushes);
  1.1.0    one linux/amd64 image behind an index that also lists BuildKit's provenance attestation manifest
           (platform unknown/unknown, annotation vnd.docker.reference.type: attestation-manifest);
  0.9.0    a plain OCI image manifest, no index;
  sha256-<hex of 1.0.0's index>.sig    a cosign signature of the index (cosign's tag scheme).
Every config blob carries `created` and the OCI labels (org.opencontainers.image.version, .revision, .source,
.created). Layers are real gzip-compressed tar files with fixed times (the bytes, and so the digests, can differ between
Python versions, whose zlib output differs: everything is compared within one run).
"""

import gzip
import hashlib
import io
import json
import os
import sys
import tarfile

OCI_INDEX = 'application/vnd.oci.image.index.v1+json'
OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
OCI_CONFIG = 'application/vnd.oci.image.config.v1+json'
OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip'
IN_TOTO = 'application/vnd.in-toto+json'
COSIGN_LAYER = 'application/vnd.dev.cosign.simplesigning.v1+json'

REGISTRY = 'real-registry'
IMAGE = 'shop/web'
SOURCE = 'https://git.example.test/shop/web'


class Layout:
    def __init__(self, root):
        self.root = root
        self.blobs = os.path.join(root, 'blobs', 'sha256')
        os.makedirs(self.blobs, exist_ok=True)
        self.refs = []

    def blob(self, data, media_type, annotations=None):
        """Store bytes as a blob; return its descriptor."""
        hexdigest = hashlib.sha256(data).hexdigest()
        with open(os.path.join(self.blobs, hexdigest), 'wb') as handle:
            handle.write(data)
        descriptor = {'mediaType': media_type, 'digest': 'sha256:' + hexdigest, 'size': len(data)}
        if annotations:
            descriptor['annotations'] = annotations
        return descriptor

    def json_blob(self, document, media_type, annotations=None):
        # Compact, sorted: the exact bytes are what the digest names, and skopeo keeps them as they are.
        data = json.dumps(document, sort_keys=True, separators=(',', ':')).encode('utf-8')
        return self.blob(data, media_type, annotations)

    def tag(self, name, descriptor):
        ref = dict(descriptor)
        ref['annotations'] = dict(ref.get('annotations') or {}, **{'org.opencontainers.image.ref.name': name})
        self.refs.append(ref)

    def write(self):
        with open(os.path.join(self.root, 'oci-layout'), 'w') as handle:
            json.dump({'imageLayoutVersion': '1.0.0'}, handle)
        with open(os.path.join(self.root, 'index.json'), 'w') as handle:
            json.dump({'schemaVersion': 2, 'mediaType': OCI_INDEX, 'manifests': self.refs}, handle, indent=1)


def layer_tar(files):
    """A reproducible tar.gz of {path: text}; returns (compressed bytes, sha256 of the uncompressed tar)."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode='w', format=tarfile.PAX_FORMAT) as tar:
        for path, text in sorted(files.items()):
            data = text.encode('utf-8')
            info = tarfile.TarInfo(path)
            info.size = len(data)
            info.mtime = 1700000000
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
    tar_bytes = raw.getvalue()
    return gzip.compress(tar_bytes, mtime=0), 'sha256:' + hashlib.sha256(tar_bytes).hexdigest()


def image(layout, version, revision, created, os_name, arch, variant=None):
    """One platform's image: layer, config with OCI labels, manifest. Returns the manifest's descriptor."""
    compressed, diff_id = layer_tar({'etc/shop-web-release': 'version=%s arch=%s%s\n' % (
        version, arch, '/' + variant if variant else '')})
    layer = layout.blob(compressed, OCI_LAYER)
    labels = {
        'org.opencontainers.image.version': version,
        'org.opencontainers.image.revision': revision,
        'org.opencontainers.image.source': SOURCE,
        'org.opencontainers.image.created': created,
    }
    config = {
        'created': created,
        'architecture': arch,
        'os': os_name,
        'config': {'Labels': labels, 'Cmd': ['/bin/true']},
        'rootfs': {'type': 'layers', 'diff_ids': [diff_id]},
        'history': [{'created': created, 'created_by': 'build_layout.py'}],
    }
    if variant:
        config['variant'] = variant
    config_descriptor = layout.json_blob(config, OCI_CONFIG)
    manifest = {'schemaVersion': 2, 'mediaType': OCI_MANIFEST, 'config': config_descriptor, 'layers': [layer]}
    descriptor = layout.json_blob(manifest, OCI_MANIFEST)
    platform = {'os': os_name, 'architecture': arch}
    if variant:
        platform['variant'] = variant
    descriptor['platform'] = platform
    return descriptor


def attestation(layout, subject, created):
    """BuildKit's provenance attestation manifest for subject, as an index lists it."""
    statement = {'_type': 'https://in-toto.io/Statement/v0.1',
                 'predicateType': 'https://slsa.dev/provenance/v0.2',
                 'subject': [{'name': 'pkg:docker/shop/web', 'digest': {'sha256': subject['digest'].split(':', 1)[1]}}],
                 'predicate': {'builder': {'id': ''}, 'metadata': {'buildStartedOn': created}}}
    layer = layout.json_blob(statement, IN_TOTO, {'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v0.2'})
    config = layout.json_blob({'architecture': 'unknown', 'os': 'unknown', 'config': {},
                               'rootfs': {'type': 'layers', 'diff_ids': [layer['digest']]}}, OCI_CONFIG)
    manifest = {'schemaVersion': 2, 'mediaType': OCI_MANIFEST, 'config': config, 'layers': [layer]}
    descriptor = layout.json_blob(manifest, OCI_MANIFEST, {
        'vnd.docker.reference.digest': subject['digest'],
        'vnd.docker.reference.type': 'attestation-manifest',
    })
    descriptor['platform'] = {'architecture': 'unknown', 'os': 'unknown'}
    return descriptor


def index(layout, manifests, annotations=None):
    document = {'schemaVersion': 2, 'mediaType': OCI_INDEX, 'manifests': manifests}
    if annotations:
        document['annotations'] = annotations
    return layout.json_blob(document, OCI_INDEX)


def signature(layout, signed):
    """A cosign signature manifest of the digest `signed` (its simple-signing payload and a made-up signature)."""
    payload = {'critical': {'identity': {'docker-reference': 'registry.example.test/' + IMAGE},
                            'image': {'docker-manifest-digest': signed}, 'type': 'cosign container image signature'},
               'optional': None}
    layer = layout.json_blob(payload, COSIGN_LAYER, {'dev.cosignproject.cosign/signature': 'MEUCIQDtestsignature'})
    config = layout.json_blob({'architecture': '', 'os': '', 'config': {},
                               'rootfs': {'type': 'layers', 'diff_ids': [layer['digest']]}}, OCI_CONFIG)
    return layout.json_blob({'schemaVersion': 2, 'mediaType': OCI_MANIFEST, 'config': config, 'layers': [layer]},
                            OCI_MANIFEST)


def platform_name(descriptor):
    platform = descriptor['platform']
    return '/'.join(part for part in (platform['os'], platform['architecture'], platform.get('variant')) if part)


def main(root, plan_path, seed_path):
    layout = Layout(root)
    plan = {'registry': REGISTRY, 'image': IMAGE, 'tags': {}}
    seed_tags = []

    def record(tag, top, platforms, api_platforms, api_digest, date):
        plan['tags'][tag] = {
            'digest': top['digest'],
            'media_type': top['mediaType'],
            'is_index': top['mediaType'] == OCI_INDEX,
            'platforms': [{'platform': platform_name(item), 'digest': item['digest'], 'size': item['size']}
                          for item in platforms],
            # What NCR's API says of the tag: its representative (linux/amd64) image's digest and the platforms.
            'api_digest': api_digest,
            'api_platforms': api_platforms,
        }
        if tag.startswith('sha256-'):
            # The API's entry for the signature tag: named after what 1.0.0 resolves to (its manifest_digest).
            seed_tags.append({'signature_of': '1.0.0', 'date': date, 'size': top['size']})
        else:
            seed_tags.append({'name': tag, 'date': date, 'platforms': api_platforms,
                              'digests': dict((name, api_digest if name == 'linux/amd64' else
                                               next(item['digest'] for item in platforms if platform_name(item) == name))
                                              for name in api_platforms),
                              'manifest_digest': top['digest']})

    created = '2026-11-02T09:00:00Z'
    amd64 = image(layout, '1.0.0', '4f2a9c1', created, 'linux', 'amd64')
    arm64 = image(layout, '1.0.0', '4f2a9c1', created, 'linux', 'arm64', 'v8')
    multi = index(layout, [amd64, arm64], {'org.opencontainers.image.created': created})
    layout.tag('1.0.0', multi)
    record('1.0.0', multi, [amd64, arm64], ['linux/amd64', 'linux/arm64/v8'], amd64['digest'], created)

    created = '2026-11-20T14:30:00Z'
    single = image(layout, '1.1.0', '9b7e3d2', created, 'linux', 'amd64')
    attested = index(layout, [single, attestation(layout, single, created)])
    layout.tag('1.1.0', attested)
    record('1.1.0', attested, [single], ['linux/amd64'], single['digest'], created)

    created = '2026-10-01T08:00:00Z'
    plain = image(layout, '0.9.0', '1c0ffee', created, 'linux', 'amd64')
    plain_top = {key: value for key, value in plain.items() if key != 'platform'}
    layout.tag('0.9.0', plain_top)
    record('0.9.0', plain_top, [], ['linux/amd64'], plain['digest'], created)

    sig_tag = 'sha256-%s.sig' % multi['digest'].split(':', 1)[1]
    sig = signature(layout, multi['digest'])
    layout.tag(sig_tag, sig)
    record(sig_tag, sig, [], ['linux/amd64'], sig['digest'], '2026-11-02T09:05:00Z')
    plan['signature_tag'] = sig_tag

    layout.write()
    with open(plan_path, 'w') as handle:
        json.dump(plan, handle, indent=1, sort_keys=True)
    seed = {'registries': [{'name': REGISTRY, 'created': '2026-09-01T00:00:00Z',
                            'images': [{'name': IMAGE, 'created': '2026-09-01T00:00:00Z', 'tags': seed_tags}]}]}
    with open(seed_path, 'w') as handle:
        json.dump(seed, handle, indent=1)


if __name__ == '__main__':
    if len(sys.argv) != 4:
        sys.exit('usage: build_layout.py LAYOUT_DIR PLAN_JSON SEED_JSON')
    main(sys.argv[1], sys.argv[2], sys.argv[3])
