import Foundation
import ScrawlEngine

/// What each output of a model means, stored in the model file's metadata as `labels`: a JSON
/// array with one entry per output, a string for a class ("0" … "9") and `null` for "none of
/// these" (not a digit). A model file without the entry (version-1 models) has ten outputs for the
/// digits 0-9 and no "not a digit" output.
public struct OutputLabels: Equatable, Sendable {
    /// One name per output; nil marks the "not a digit" output.
    public var names: [String?]

    public init(names: [String?]) { self.names = names }

    /// The digits 0-9, and "not a digit" as an eleventh output when `rejecting`.
    public static func digits(rejecting: Bool) -> OutputLabels {
        OutputLabels(names: (0 ... 9).map { String($0) } + (rejecting ? [nil] : []))
    }

    /// The metadata key the labels are stored under.
    public static let metadataKey = "labels"

    /// The labels `model` records, or the digits 0-9 for a model that records none. Throws when the
    /// recorded labels do not parse or do not match the model's output count.
    public init(of model: Sequential) throws {
        guard let text = model.metadata[Self.metadataKey] else {
            guard model.classCount == 10 else {
                throw ModelError.shapeMismatch("the model has \(model.classCount) outputs but records no labels for them")
            }
            self = .digits(rejecting: false)
            return
        }
        guard let parsed = try? JSONDecoder().decode([String?].self, from: Data(text.utf8)) else {
            throw ModelError.shapeMismatch("the model's labels are not a JSON array of strings and nulls: \(text.prefix(80))")
        }
        guard parsed.count == model.classCount else {
            throw ModelError.shapeMismatch("the model records \(parsed.count) labels for \(model.classCount) outputs")
        }
        guard parsed.filter({ $0 == nil }).count <= 1 else {
            throw ModelError.shapeMismatch("the model's labels name more than one \"not a digit\" output")
        }
        guard parsed.contains(where: { $0 != nil }) else { throw ModelError.shapeMismatch("the model's labels name no class") }
        if let bad = parsed.compactMap({ $0 }).first(where: { Self.problem(with: $0) != nil }) {
            throw ModelError.shapeMismatch("the model's label \"\(bad.prefix(40))\" is not a short text")
        }
        guard Set(parsed.compactMap { $0 }).count == parsed.compactMap({ $0 }).count else {
            throw ModelError.shapeMismatch("the model names two outputs alike")
        }
        names = parsed
    }

    /// The labels as stored in the metadata.
    public var metadataValue: String {
        String(decoding: (try? JSONEncoder().encode(names)) ?? Data("[]".utf8), as: UTF8.self)
    }

    /// Each output's name as the command line prints it: "not a digit" for that output.
    public var printed: [String] { names.map { $0 ?? "not a digit" } }

    /// Index of the "not a digit" output, if the model has one.
    public var rejectIndex: Int? { names.firstIndex(of: nil) }

    /// The names of the outputs that answer something, in order (every output but "not a digit").
    public var classes: [String] { names.compactMap { $0 } }

    /// True for the digits 0-9 in order (with or without "not a digit"): a model that reads
    /// numbers. A model with labels of its own (letters, symbols) reads one symbol at a time.
    public var isDigits: Bool { classes == Self.digitNames }

    /// "0" … "9".
    public static let digitNames = (0 ... 9).map { String($0) }

    /// Longest label a person may give, in characters: a short text ("A", "+", "ok").
    public static let maxLabelLength = 12

    /// Why `label` cannot name an output, or nil when it can: one to ``maxLabelLength``
    /// characters, no white space (labels are listed with spaces between them), no `/` (a label
    /// is a folder's name).
    public static func problem(with label: String) -> String? {
        if label.isEmpty { return tr("a label cannot be empty") }
        if label.count > maxLabelLength { return tr("the label “{label}” is longer than {count} characters", ["label": label, "count": String(maxLabelLength)]) }
        if label.contains(where: \.isWhitespace) || label.contains("/") {
            return tr("the label “{label}” contains a space or a “/”", ["label": label])
        }
        return nil
    }
}
