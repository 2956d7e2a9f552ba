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
        names = parsed
    }

    /// The labels as stored in the metadata.
    public var metadataValue: String {
        String(decoding: (try? JSONEncoder().encode(names)) ?? Data("[]".utf8), as: UTF8.self)
    }

    /// Index of the "not a digit" output, if the model has one.
    public var rejectIndex: Int? { names.firstIndex(of: nil) }
}
