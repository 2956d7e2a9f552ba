import CZlib

/// CRC-32 (the zlib/PNG polynomial) of a byte buffer.
public func crc32Checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
    guard let base = bytes.baseAddress, bytes.count > 0 else { return 0 }
    var crc: uLong = CZlib.crc32(0, nil, 0)
    var offset = 0
    while offset < bytes.count {
        let chunk = min(bytes.count - offset, Int(UInt32.max))
        crc = CZlib.crc32(crc, base.assumingMemoryBound(to: Bytef.self) + offset, uInt(chunk))
        offset += chunk
    }
    return UInt32(truncatingIfNeeded: crc)
}
