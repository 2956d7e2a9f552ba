/// Why a model could not be built, loaded or saved.
public enum ModelError: Error, Equatable, CustomStringConvertible {
    case notAModel
    case truncated(expected: Int, actual: Int)
    case unsupportedVersion(found: UInt32, supported: UInt32)
    case checksumMismatch(stored: UInt32, computed: UInt32)
    case malformedHeader(String)
    case shapeMismatch(String)
    case invalidWeights(String)
    /// A file of several networks (an ensemble) given where one network is needed.
    case severalNetworks(Int)
    case io(String)

    public var description: String {
        switch self {
        case .notAModel: return "not a Scrawl model file (wrong magic bytes)"
        case let .truncated(expected, actual):
            return "model file is truncated: expected at least \(expected) bytes, found \(actual)"
        case let .unsupportedVersion(found, supported):
            return "model file version \(found) is not supported (this Scrawl reads versions 1 to \(supported))"
        case let .checksumMismatch(stored, computed):
            return "model file checksum mismatch (stored \(hex(stored)), computed \(hex(computed))): the file is corrupt"
        case let .malformedHeader(why): return "model file header is malformed: \(why)"
        case let .shapeMismatch(why): return "model architecture is inconsistent: \(why)"
        case let .invalidWeights(why): return "model weights are invalid: \(why)"
        case let .severalNetworks(count): return "the model file holds \(count) networks whose answers are averaged; this needs a file of one network"
        case let .io(why): return why
        }
    }

    private func hex(_ v: UInt32) -> String { "0x" + String(v, radix: 16, uppercase: false) }
}
