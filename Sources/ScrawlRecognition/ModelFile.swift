import Foundation
import ScrawlEngine

/// Scrawl's model file format (`.scrawl`), version 1. All integers little-endian:
///
/// | bytes | content |
/// |---|---|
/// | 8 | magic `SCRAWLNN` |
/// | 4 | format version (1) |
/// | 4 | header length `H` |
/// | H | header, UTF-8 JSON: `input` shape, `layers` (the ``LayerSpec`` list), `metadata`, and `tensors` (name and element count of each stored array, in order) |
/// | … | the tensors' float32 values, in header order |
/// | 4 | CRC-32 of every byte before it |
///
/// Loading checks, in order: magic, version, length, checksum, header, architecture, tensor
/// names and sizes, finite values; each failure is its own ``ModelError``.
public enum ModelFile {
    public static let magic = Array("SCRAWLNN".utf8)
    public static let version: UInt32 = 1
    static let maxHeaderBytes = 1 << 20

    struct Header: Codable {
        struct Entry: Codable { var name: String; var count: Int }
        var input: [Int]
        var layers: [LayerSpec]
        var metadata: [String: String]
        var tensors: [Entry]
    }

    /// The file's bytes for `model`.
    public static func encode(_ model: Sequential) throws -> Data {
        let tensors = model.storedTensors
        let header = Header(input: model.inputShape, layers: model.specs, metadata: model.metadata,
                            tensors: tensors.map { .init(name: $0.name, count: $0.value.count) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(header)
        var out = Data(magic)
        append(&out, version)
        append(&out, UInt32(json.count))
        out.append(json)
        for t in tensors {
            t.value.withUnsafeBytes { out.append(contentsOf: $0) }
        }
        let crc = out.withUnsafeBytes { crc32Checksum($0) }
        append(&out, crc)
        return out
    }

    /// Writes `model` to `path` atomically.
    public static func save(_ model: Sequential, to path: String) throws {
        try AtomicFile.write(try encode(model), to: path)
    }

    /// Reads a model from `path`.
    public static func load(path: String) throws -> Sequential {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ModelError.io("cannot read model file \(path): \(FileErrorText.describe(error, path: path))")
        }
        return try decode(data)
    }

    /// Parses a model file's bytes.
    public static func decode(_ data: Data) throws -> Sequential {
        let bytes = [UInt8](data)
        let fixed = magic.count + 8
        if bytes.count < magic.count {
            if bytes.elementsEqual(magic.prefix(bytes.count)) && !bytes.isEmpty {
                throw ModelError.truncated(expected: fixed + 4, actual: bytes.count)
            }
            throw ModelError.notAModel
        }
        guard bytes.prefix(magic.count).elementsEqual(magic) else { throw ModelError.notAModel }
        guard bytes.count >= fixed + 4 else { throw ModelError.truncated(expected: fixed + 4, actual: bytes.count) }
        let found = readU32(bytes, magic.count)
        guard found == version else { throw ModelError.unsupportedVersion(found: found, supported: version) }
        let headerLength = Int(readU32(bytes, magic.count + 4))
        guard headerLength <= maxHeaderBytes else {
            throw ModelError.malformedHeader("declares a \(headerLength)-byte header (at most \(maxHeaderBytes))")
        }
        guard bytes.count >= fixed + headerLength + 4 else {
            throw ModelError.truncated(expected: fixed + headerLength + 4, actual: bytes.count)
        }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: Data(bytes[fixed ..< fixed + headerLength]))
        } catch {
            // A header that does not parse in a file whose checksum also fails is corruption, not a format error.
            try verifyChecksum(bytes)
            throw ModelError.malformedHeader("\(error)")
        }
        guard header.tensors.allSatisfy({ $0.count >= 0 && $0.count <= 1 << 28 }) else {
            throw ModelError.malformedHeader("a tensor declares an impossible element count")
        }
        let payload = header.tensors.reduce(0) { $0 + $1.count * 4 }
        let expected = fixed + headerLength + payload + 4
        guard bytes.count >= expected else { throw ModelError.truncated(expected: expected, actual: bytes.count) }
        try verifyChecksum(bytes)
        guard bytes.count == expected else {
            throw ModelError.malformedHeader("\(bytes.count - expected) unexpected bytes after the weights")
        }
        guard header.input.count == 3, header.input.allSatisfy({ $0 > 0 && $0 <= 4096 }) else {
            throw ModelError.shapeMismatch("input shape \(header.input) is not HxWxC")
        }
        let model = try Sequential(inputShape: header.input, specs: header.layers, metadata: header.metadata)
        let stored = model.storedTensors
        guard stored.count == header.tensors.count else {
            throw ModelError.shapeMismatch("the architecture has \(stored.count) weight tensors, the file \(header.tensors.count)")
        }
        var offset = fixed + headerLength
        for (p, entry) in zip(stored, header.tensors) {
            guard p.name == entry.name, p.value.count == entry.count else {
                throw ModelError.shapeMismatch("tensor \(entry.name) has \(entry.count) values; the architecture expects \(p.name) with \(p.value.count)")
            }
            bytes.withUnsafeBytes { raw in
                p.value.withUnsafeMutableBytes { dst in
                    dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[offset ..< offset + entry.count * 4]))
                }
            }
            if let bad = p.value.firstIndex(where: { !$0.isFinite }) {
                throw ModelError.invalidWeights("\(p.name)[\(bad)] is \(p.value[bad])")
            }
            offset += entry.count * 4
        }
        return model
    }

    private static func verifyChecksum(_ bytes: [UInt8]) throws {
        let stored = readU32(bytes, bytes.count - 4)
        let computed = bytes.withUnsafeBytes { crc32Checksum(UnsafeRawBufferPointer(rebasing: $0[0 ..< bytes.count - 4])) }
        guard stored == computed else { throw ModelError.checksumMismatch(stored: stored, computed: computed) }
    }

    private static func readU32(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
    }

    private static func append(_ data: inout Data, _ v: UInt32) {
        withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) }
    }
}
