# Independent decoder for the tests: pydicom (after `gdcmconv --raw` for compressed syntaxes other
# than RLE). Writes little-endian float32: grey = rescaled values per frame; colour = packed as
# R, G, B values per pixel, frame after frame; MONOCHROME1 inverted as it is displayed. Prints the photometric interpretation and the shape.
import os, subprocess, sys, tempfile
import numpy as np
import pydicom
from pydicom.pixel_data_handlers.util import apply_color_lut, convert_color_space

src, out = sys.argv[1], sys.argv[2]
ds = pydicom.dcmread(src)
tmp = None
if ds.file_meta.TransferSyntaxUID.is_compressed and ds.file_meta.TransferSyntaxUID != '1.2.840.10008.1.2.5':
    fd, tmp = tempfile.mkstemp(suffix='.dcm'); os.close(fd)
    subprocess.run(['gdcmconv', '--raw', src, tmp], check=True)
    ds = pydicom.dcmread(tmp)
a = ds.pixel_array
pi = ds.PhotometricInterpretation
frames = int(getattr(ds, 'NumberOfFrames', 1) or 1)
if pi == 'PALETTE COLOR':
    a = apply_color_lut(a, ds)
    if a.max() > 255:
        a = a >> 8
elif pi.startswith('YBR'):
    a = convert_color_space(a, pi, 'RGB')
elif int(ds.SamplesPerPixel) == 1:
    if pi == 'MONOCHROME1':  # shown inverted: mirrored within Bits Stored before rescaling (PS3.3 C.7.6.3.1.2)
        a = (-1 - a.astype(np.int64)) if int(ds.PixelRepresentation) == 1 else ((1 << int(ds.BitsStored)) - 1 - a.astype(np.int64))
    a = a.astype(np.float64) * float(getattr(ds, 'RescaleSlope', 1) or 1) + float(getattr(ds, 'RescaleIntercept', 0) or 0)
print(pi, frames, ds.Rows, ds.Columns)
np.asarray(a, dtype='<f4').tofile(out)
if tmp:
    os.unlink(tmp)
