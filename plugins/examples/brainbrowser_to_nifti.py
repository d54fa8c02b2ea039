#!/usr/bin/env python3
"""Writes BrainBrowser's raw MINC export (NAME.mnc.raw.gz + NAME.mnc.header.gz, as npm brainbrowser
2.3.0 ships its example heads) as a NIfTI-1 volume that `bin/crossmodal segment` reads.

    plugins/examples/brainbrowser_to_nifti.py ~/.cache/crossmodal/data/brainbrowser/structural1 OUT.nii.gz

The header is JSON: "order" names the three axes from the slowest-varying to the fastest, each axis
has "space_length", "start", "step" and "direction_cosines"; a voxel's world (RAS, mm) position is
the sum over axes of (start + index * step) * direction_cosines, as in MINC. The voxels are raw
unsigned bytes. They are written in Colin27's layout, the one `segment` expects of a NIfTI file (it
cuts along the file's third axis and does not read the orientation): i towards the patient's right,
j anterior, k superior (each voxel axis taken along the patient axis nearest to it), so `segment`
sees axial slices as the teacher was trained on; the sform keeps every voxel's true position.
Needs numpy (Debian python3-numpy, which bin/setup installs); the input files are not modified.
"""
import gzip
import json
import struct
import sys

import numpy as np


def main(stem, out):
    header = json.loads(gzip.open(stem + ".mnc.header.gz").read())
    raw = gzip.open(stem + ".mnc.raw.gz").read()
    names = header["order"]  # slowest first
    axes = [dict(header[n]) for n in names]
    shape = [a["space_length"] for a in axes]
    if shape[0] * shape[1] * shape[2] != len(raw):
        sys.exit("%s: %d bytes, but the header says %s voxels of one byte" % (stem, len(raw), "x".join(map(str, shape))))
    data = np.frombuffer(raw, np.uint8).reshape(shape)
    # Array axes in the order S, A, R (so NIfTI's fastest axis i runs along R), each running in + direction.
    nearest = [max(range(3), key=lambda r: abs(a["direction_cosines"][r])) for a in axes]
    if sorted(nearest) != [0, 1, 2]:
        sys.exit("%s: two axes run nearest to the same patient axis" % stem)
    order = [nearest.index(w) for w in (2, 1, 0)]
    data = data.transpose(order)
    axes = [axes[a] for a in order]
    for t, a in enumerate(axes):
        if a["step"] * a["direction_cosines"][nearest[order[t]]] < 0:
            data = np.flip(data, axis=t)
            a["start"] += (a["space_length"] - 1) * a["step"]
            a["step"] = -a["step"]
    axes = axes[::-1]  # NIfTI's i, j, k: R, A, S
    dims = [a["space_length"] for a in axes]
    data = np.ascontiguousarray(data).tobytes()
    # sform: column c is axis c's direction times its step; the origin is the sum of start * direction.
    srow = [[axes[c]["direction_cosines"][r] * axes[c]["step"] for c in range(3)]
            + [sum(a["start"] * a["direction_cosines"][r] for a in axes)] for r in range(3)]
    h = bytearray(352)
    struct.pack_into("<i", h, 0, 348)
    struct.pack_into("<8h", h, 40, 3, dims[0], dims[1], dims[2], 1, 1, 1, 1)
    struct.pack_into("<hh", h, 70, 2, 8)  # uint8, 8 bits
    struct.pack_into("<8f", h, 76, 1.0, abs(axes[0]["step"]), abs(axes[1]["step"]), abs(axes[2]["step"]), 0, 0, 0, 0)
    struct.pack_into("<f", h, 108, 352.0)  # vox_offset
    struct.pack_into("<ff", h, 112, 1.0, 0.0)  # scl_slope, scl_inter
    h[148:148 + 40] = ("BrainBrowser " + stem.rsplit("/", 1)[-1])[:40].encode().ljust(40, b"\0")
    struct.pack_into("<hh", h, 252, 0, 2)  # qform_code 0, sform_code 2 (aligned)
    struct.pack_into("<12f", h, 280, *(v for row in srow for v in row))
    h[344:348] = b"n+1\0"
    with gzip.open(out, "wb") as f:
        f.write(bytes(h) + data)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
