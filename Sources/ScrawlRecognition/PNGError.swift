/// Why a PNG could not be read or written, specific enough to show a person.
public enum PNGError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case empty
    case notPNG(looksLike: String)
    case truncated
    case badDimensions(width: Int, height: Int)
    case tooLarge(width: Int, height: Int, limit: Int)
    case corrupt(String)
    case writeFailed(String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return tr("cannot read {file}: {reason}", ["file": path, "reason": reason])
        case .empty: return tr("the file is empty")
        case let .notPNG(kind): return tr("not a PNG image (it looks like {kind})", ["kind": kind])
        case .truncated: return tr("the PNG is truncated")
        case let .badDimensions(w, h): return tr("the PNG declares impossible dimensions {width}x{height}", ["width": String(w), "height": String(h)])
        case let .tooLarge(w, h, limit):
            return tr("the PNG is {width}x{height} pixels; Scrawl opens images of at most {limit} megapixels",
                      ["width": String(w), "height": String(h), "limit": String(limit)])
        case let .corrupt(why): return tr("the PNG is damaged ({why})", ["why": why])
        case let .writeFailed(why): return tr("could not encode the PNG: {why}", ["why": why])
        }
    }
}
