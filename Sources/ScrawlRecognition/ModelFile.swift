import Foundation
import ScrawlEngine

/// Scrawl's model file format (`.scrawl`). All integers little-endian:
///
/// | bytes | content |
/// |---|---|
/// | 8 | magic `SCRAWLNN` |
/// | 4 | format version: 1 for one network, 2 for several (an ``Ensemble``) |
/// | 4 | header length `H` |
/// | H | header, UTF-8 JSON (below) |
/// | … | the tensors' float32 values, in header order |
/// | 4 | CRC-32 of every byte before it |
///
/// Version 1's header has the `input` shape, `layers` (the ``LayerSpec`` list), `metadata`, and
/// `tensors` (name and element count of each stored array, in order). Version 2's has `input`,
/// `metadata`, and `networks`: for each network its `layers` and `tensors`, whose values follow
/// one network after the other. A file with one network is written as version 1, so Scrawl
/// releases that read only version 1 still read it.
///
/// Loading checks, in order: magic, version, length, checksum, header, architecture, tensor
/// names and sizes, finite values, and that every network answers as many outputs; each failure
/// is its own ``ModelError``.
public enum ModelFile {
    public static let magic = Array("SCRAWLNN".utf8)
    /// The newest version this Scrawl reads and writes.
    public static let version: UInt32 = 2
    static let maxHeaderBytes = 1 << 20
    /// Most networks one file may hold.
    public static let maxNetworks = 16

    struct Network: Codable { var layers: [LayerSpec]; var tensors: [Header.Entry] }

    struct Header: Codable {
        struct Entry: Codable { var name: String; var count: Int }
        var input: [Int]
        var layers: [LayerSpec]
        var metadata: [String: String]
        var tensors: [Entry]
    }

    struct EnsembleHeader: Codable {
        var input: [Int]
        var metadata: [String: String]
        var networks: [Network]
    }

    /// The file's bytes for `model`.
    public static func encode(_ model: Sequential) throws -> Data {
        try encode(networks: [model])
    }

    /// The file's bytes for `networks`, read as one model whose answer is their mean (one network:
    /// a version 1 file). The file's metadata is the first network's.
    public static func encode(networks: [Sequential]) throws -> Data {
        guard let first = networks.first else { throw ModelError.shapeMismatch("a model file needs at least one network") }
        guard networks.count <= maxNetworks else {
            throw ModelError.shapeMismatch("\(networks.count) networks is more than the \(maxNetworks) a file holds")
        }
        if let odd = networks.firstIndex(where: { $0.inputShape != first.inputShape || $0.classCount != first.classCount }) {
            throw ModelError.shapeMismatch("network \(odd + 1) takes \(networks[odd].inputShape) and answers \(networks[odd].classCount) outputs; network 1 takes \(first.inputShape) and answers \(first.classCount)")
        }
        let described = networks.map { Network(layers: $0.specs, tensors: $0.storedTensors.map { .init(name: $0.name, count: $0.value.count) }) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = networks.count == 1
            ? try encoder.encode(Header(input: first.inputShape, layers: described[0].layers, metadata: first.metadata, tensors: described[0].tensors))
            : try encoder.encode(EnsembleHeader(input: first.inputShape, metadata: first.metadata, networks: described))
        var out = Data(magic)
        append(&out, networks.count == 1 ? 1 : 2)
        append(&out, UInt32(json.count))
        out.append(json)
        for t in networks.flatMap(\.storedTensors) {
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

    /// Writes `networks` to `path` atomically, as one model (``encode(networks:)``).
    public static func save(networks: [Sequential], to path: String) throws {
        try AtomicFile.write(try encode(networks: networks), to: path)
    }

    /// Reads a file of one network from `path`; a file of several is refused
    /// (``ModelError/severalNetworks(_:)``): use ``loadNetworks(path:)`` where an ensemble will do.
    public static func load(path: String) throws -> Sequential {
        try single(loadNetworks(path: path))
    }

    /// Reads every network of the model at `path`; each carries the file's metadata.
    public static func loadNetworks(path: String) throws -> [Sequential] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ModelError.io("cannot read model file \(path): \(FileErrorText.describe(error, path: path))")
        }
        return try decodeNetworks(data)
    }

    /// Parses the bytes of a file of one network.
    public static func decode(_ data: Data) throws -> Sequential {
        try single(decodeNetworks(data))
    }

    private static func single(_ networks: [Sequential]) throws -> Sequential {
        guard networks.count == 1 else { throw ModelError.severalNetworks(networks.count) }
        return networks[0]
    }

    /// Parses a model file's bytes into its networks.
    public static func decodeNetworks(_ data: Data) throws -> [Sequential] {
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
        guard found == 1 || found == 2 else { throw ModelError.unsupportedVersion(found: found, supported: version) }
        let headerLength = Int(readU32(bytes, magic.count + 4))
        guard headerLength <= maxHeaderBytes else {
            throw ModelError.malformedHeader("declares a \(headerLength)-byte header (at most \(maxHeaderBytes))")
        }
        guard bytes.count >= fixed + headerLength + 4 else {
            throw ModelError.truncated(expected: fixed + headerLength + 4, actual: bytes.count)
        }
        let header: EnsembleHeader
        do {
            let json = Data(bytes[fixed ..< fixed + headerLength])
            if found == 1 {
                let one = try JSONDecoder().decode(Header.self, from: json)
                header = EnsembleHeader(input: one.input, metadata: one.metadata, networks: [Network(layers: one.layers, tensors: one.tensors)])
            } else {
                header = try JSONDecoder().decode(EnsembleHeader.self, from: json)
            }
        } catch {
            // A header that does not parse in a file whose checksum also fails is corruption, not a format error.
            try verifyChecksum(bytes)
            throw ModelError.malformedHeader("\(error)")
        }
        guard (1 ... maxNetworks).contains(header.networks.count) else {
            throw ModelError.malformedHeader("declares \(header.networks.count) networks (1 to \(maxNetworks))")
        }
        let entries = header.networks.flatMap(\.tensors)
        guard entries.count <= 1 << 16, entries.allSatisfy({ $0.count >= 0 && $0.count <= 1 << 28 }) else {
            throw ModelError.malformedHeader("a tensor declares an impossible element count")
        }
        let payload = entries.reduce(0) { $0 + $1.count * 4 }
        let expected = fixed + headerLength + payload + 4
        guard bytes.count >= expected else { throw ModelError.truncated(expected: expected, actual: bytes.count) }
        try verifyChecksum(bytes)
        guard bytes.count == expected else {
            throw ModelError.malformedHeader("\(bytes.count - expected) unexpected bytes after the weights")
        }
        guard header.input.count == 3, header.input.allSatisfy({ $0 > 0 && $0 <= 4096 }) else {
            throw ModelError.shapeMismatch("input shape \(header.input) is not HxWxC")
        }
        var offset = fixed + headerLength
        var networks: [Sequential] = []
        for (k, network) in header.networks.enumerated() {
            let model = try Sequential(inputShape: header.input, specs: network.layers, metadata: header.metadata)
            // Errors name the network only in a file of several.
            let which = header.networks.count == 1 ? "" : "network \(k + 1): "
            let stored = model.storedTensors
            guard stored.count == network.tensors.count else {
                throw ModelError.shapeMismatch("\(which)the architecture has \(stored.count) weight tensors, the file \(network.tensors.count)")
            }
            for (p, entry) in zip(stored, network.tensors) {
                guard p.name == entry.name, p.value.count == entry.count else {
                    throw ModelError.shapeMismatch("\(which)tensor \(entry.name) has \(entry.count) values; the architecture expects \(p.name) with \(p.value.count)")
                }
                bytes.withUnsafeBytes { raw in
                    p.value.withUnsafeMutableBytes { dst in
                        dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[offset ..< offset + entry.count * 4]))
                    }
                }
                if let bad = p.value.firstIndex(where: { !$0.isFinite }) {
                    throw ModelError.invalidWeights("\(which)\(p.name)[\(bad)] is \(p.value[bad])")
                }
                offset += entry.count * 4
            }
            if let first = networks.first, model.classCount != first.classCount {
                throw ModelError.shapeMismatch("network \(k + 1) answers \(model.classCount) outputs, network 1 \(first.classCount)")
            }
            networks.append(model)
        }
        return networks
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
