"""Images inside documents (a PDF's, a DOCX's or XLSX's) lose their metadata losslessly: the
segments and chunks that carry it are dropped and the picture is not re-encoded."""

JPEG_START, JPEG_END, JPEG_SCAN = 0xD8, 0xD9, 0xDA
# APP0 (JFIF: density) and APP14 (Adobe: colour transform) are needed to show the picture; APP2 is
# kept only for an ICC colour profile. Other APPn (EXIF with GPS and camera, XMP, IPTC, maker
# data) and COM (comments) go.
JPEG_KEPT_APPS = {0xE0, 0xEE}


def jpeg_without_metadata(data: bytes) -> bytes:
    """The same JPEG without metadata segments and without what follows the image (such as the
    extra pictures of a multi-picture file, with their own EXIF). The picture is not re-encoded."""
    if data[:2] != b"\xff\xd8":
        raise ValueError("Not a JPEG image.")
    out = bytearray(data[:2])
    pos, size = 2, len(data)
    while pos < size:
        if data[pos] != 0xFF or pos + 1 >= size:
            raise ValueError("A damaged JPEG image.")
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == JPEG_END:
            out += b"\xff\xd9"
            return bytes(out)
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            out += data[pos : pos + 2]
            pos += 2
            continue
        if pos + 4 > size:
            raise ValueError("A damaged JPEG image.")
        end = pos + 2 + int.from_bytes(data[pos + 2 : pos + 4], "big")
        if end > size:
            raise ValueError("A damaged JPEG image.")
        segment = data[pos:end]
        metadata = 0xE0 <= marker <= 0xEF or marker == 0xFE
        icc = marker == 0xE2 and segment[4:16] == b"ICC_PROFILE\x00"
        if not metadata or marker in JPEG_KEPT_APPS or icc:
            out += segment
        pos = end
        if marker == JPEG_SCAN:
            # The compressed picture runs to the next marker that is neither a stuffed 0xFF nor a
            # restart marker.
            scan = pos
            while True:
                scan = data.find(b"\xff", scan)
                if scan == -1 or scan + 1 >= size:  # no end of image: keep the picture as is
                    out += data[pos:]
                    return bytes(out)
                following = data[scan + 1]
                if following == 0x00 or following == 0xFF or 0xD0 <= following <= 0xD7:
                    scan += 1
                    continue
                break
            out += data[pos:scan]
            pos = scan
    return bytes(out)


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Text (author, software, comments), EXIF and the time of last change.
PNG_METADATA_CHUNKS = {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"}


def png_without_metadata(data: bytes) -> bytes:
    out = bytearray(PNG_SIGNATURE)
    pos = len(PNG_SIGNATURE)
    while pos + 12 <= len(data):
        end = pos + 12 + int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        if end > len(data):
            break
        if kind not in PNG_METADATA_CHUNKS:
            out += data[pos:end]
        pos = end
        if kind == b"IEND":
            return bytes(out)
    raise ValueError("A damaged PNG image.")


def image_without_metadata(data: bytes) -> bytes | None:
    """None when the data is not a JPEG or PNG image."""
    if data.startswith(b"\xff\xd8\xff"):
        return jpeg_without_metadata(data)
    if data.startswith(PNG_SIGNATURE):
        return png_without_metadata(data)
    return None
