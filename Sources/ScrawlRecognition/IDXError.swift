/// Why an IDX file (MNIST's format) could not be read.
public enum IDXError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case corruptCompression(path: String, reason: String)
    case badMagic(path: String)
    case unsupportedType(path: String, code: UInt8)
    case sizeMismatch(path: String, declared: Int, actual: Int)
    case countMismatch(images: Int, labels: Int)
    case missingFile(folder: String, name: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "cannot read \(path): \(reason)"
        case let .corruptCompression(path, reason): return "\(path) is not valid gzip data: \(reason)"
        case let .badMagic(path): return "\(path) is not an IDX file (bad magic number)"
        case let .unsupportedType(path, code):
            return "\(path) holds IDX element type 0x\(String(code, radix: 16)); only unsigned bytes (0x08) are supported"
        case let .sizeMismatch(path, declared, actual):
            return "\(path) declares \(declared) bytes of data but holds \(actual)"
        case let .countMismatch(images, labels): return "\(images) images but \(labels) labels"
        case let .missingFile(folder, name): return "no \(name) (or \(name).gz) in \(folder)"
        }
    }
}
