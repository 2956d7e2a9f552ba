import ScrawlEngine

/// `error` as the person should read it: a model file's error in their language (the engine,
/// which has no messages catalog, describes it in English), any other error as it describes
/// itself (this module's errors are translated where they are made).
public func errorText(_ error: Error) -> String {
    guard let error = error as? ModelError else { return "\(error)" }
    switch error {
    case .notAModel: return tr("not a Scrawl model file (wrong magic bytes)")
    case let .truncated(expected, actual):
        return tr("model file is truncated: expected at least {expected} bytes, found {actual}", ["expected": String(expected), "actual": String(actual)])
    case let .unsupportedVersion(found, supported):
        return tr("model file version {found} is not supported (this Scrawl reads versions 1 to {supported})",
                  ["found": String(found), "supported": String(supported)])
    case let .checksumMismatch(stored, computed):
        return tr("model file checksum mismatch (stored {stored}, computed {computed}): the file is corrupt",
                  ["stored": "0x" + String(stored, radix: 16), "computed": "0x" + String(computed, radix: 16)])
    case let .malformedHeader(why): return tr("model file header is malformed: {why}", ["why": why])
    case let .shapeMismatch(why): return tr("model architecture is inconsistent: {why}", ["why": why])
    case let .invalidWeights(why): return tr("model weights are invalid: {why}", ["why": why])
    case let .severalNetworks(count):
        // Never fewer than two: a file of one network is what is needed.
        return tr("the model file holds {count} networks read as one; this needs a file of one network", ["count": String(count)])
    case let .io(why): return why
    }
}
