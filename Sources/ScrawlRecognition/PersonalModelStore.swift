import Foundation
import ScrawlEngine

/// Personal models, one folder each under `$XDG_DATA_HOME/scrawl/models/<name>/`:
///
/// - `model.scrawl`, the model file;
/// - `manifest.json` (``Manifest``): labels, base model, example count, held-back accuracy, when trained;
/// - `examples/`, the person's labelled examples, each `<id>.png` with a `<id>.json` beside it
///   (label and, when drawn on the canvas, strokes). An example counts once its JSON exists, which
///   is written last, so a kill mid-write leaves at most a stray PNG, never a half example.
///
/// Every file is written atomically (temporary file, fsync, rename). A folder that is not a
/// readable personal model is listed as broken with the reason, never a crash. The shipped model
/// is not here: it is built in and never written.
public final class PersonalModelStore: Sendable {
    public let folder: String

    public init(folder: String) { self.folder = folder }

    /// `$XDG_DATA_HOME/scrawl/models` (beside the history).
    public static func defaultFolder() -> String { HistoryStore.defaultFolder() + "/models" }

    /// What a personal model's folder says about it.
    public struct Manifest: Codable, Equatable, Sendable {
        public var version = 1
        public var labels: [String?]
        /// The model it was taught from: "built-in" or another personal model's name.
        public var base: String
        public var examples: Int
        public var heldBack: Int
        public var heldBackAccuracy: Double?
        public var trained: Date

        public init(labels: [String?], base: String, examples: Int, heldBack: Int, heldBackAccuracy: Double?, trained: Date) {
            self.labels = labels
            self.base = base
            self.examples = examples
            self.heldBack = heldBack
            self.heldBackAccuracy = heldBackAccuracy
            self.trained = trained
        }
    }

    /// One folder of the store: a model, or why it cannot be used.
    public enum Entry: Equatable, Sendable {
        case model(name: String, manifest: Manifest)
        case broken(name: String, reason: String)

        public var name: String {
            switch self {
            case let .model(name, _), let .broken(name, _): return name
            }
        }
    }

    /// A stored example: its picture, label and strokes.
    public struct StoredExample: Codable, Equatable, Sendable {
        public var id: String
        public var label: String
        public var strokes: [[Point]]?
    }

    public enum StoreError: Error, CustomStringConvertible, Equatable {
        case badName(String)
        case taken(String)
        case notFound(String)
        case broken(name: String, reason: String)
        case io(String)

        public var description: String {
            switch self {
            case let .badName(why): return why
            case let .taken(name): return tr("there is already a model called “{name}”", ["name": name])
            case let .notFound(name): return tr("there is no personal model called “{name}”", ["name": name])
            case let .broken(name, reason): return tr("the personal model “{name}” cannot be used: {reason}", ["name": name, "reason": reason])
            case let .io(why): return why
            }
        }
    }

    /// The name shown for the shipped model; no personal model may take it.
    public static let builtInName = "built-in"

    /// Checks a new model name: not empty, no `/`, not hidden, not the built-in model's, not too long.
    public static func validate(name: String) throws {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw StoreError.badName(tr("a model needs a name")) }
        guard trimmed == name else { throw StoreError.badName(tr("a model name cannot start or end with a space")) }
        guard !name.contains("/"), !name.contains("\0") else { throw StoreError.badName(tr("a model name cannot contain “/”")) }
        guard !name.hasPrefix(".") else { throw StoreError.badName(tr("a model name cannot start with “.”")) }
        guard name.utf8.count <= 64 else { throw StoreError.badName(tr("a model name can be 64 bytes at most")) }
        guard name.lowercased() != builtInName else { throw StoreError.badName(tr("“{name}” is the shipped model's name", ["name": builtInName])) }
    }

    func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
    public func modelPath(_ name: String) -> String { path(name) + "/model.scrawl" }
    func manifestPath(_ name: String) -> String { path(name) + "/manifest.json" }
    func examplesPath(_ name: String) -> String { path(name) + "/examples" }

    /// Every folder in the store, by name; a missing store is empty.
    public func list() -> [Entry] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        return names.map { name in
            do { return .model(name: name, manifest: try manifest(name)) } catch let StoreError.broken(_, reason) {
                return .broken(name: name, reason: reason)
            } catch {
                return .broken(name: name, reason: errorText(error))
            }
        }
    }

    /// The manifest of `name`, checked against its model file's presence.
    public func manifest(_ name: String) throws -> Manifest {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path(name), isDirectory: &isFolder) else { throw StoreError.notFound(name) }
        guard isFolder.boolValue else { throw StoreError.broken(name: name, reason: tr("it is a file, not a model folder")) }
        guard let data = FileManager.default.contents(atPath: manifestPath(name)) else {
            throw StoreError.broken(name: name, reason: tr("manifest.json is missing or unreadable"))
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let manifest = try? decoder.decode(Manifest.self, from: data) else {
            throw StoreError.broken(name: name, reason: tr("manifest.json is damaged"))
        }
        guard manifest.version <= 1 else { throw StoreError.broken(name: name, reason: tr("it was made by a newer Scrawl (version {version})", ["version": String(manifest.version)])) }
        guard FileManager.default.fileExists(atPath: modelPath(name)) else {
            throw StoreError.broken(name: name, reason: tr("model.scrawl is missing"))
        }
        return manifest
    }

    /// The networks of model `name` (one, or several read as one), loaded and checked against its
    /// manifest's labels.
    public func load(_ name: String) throws -> [Sequential] {
        let manifest = try manifest(name)
        let networks: [Sequential]
        do { networks = try ModelFile.loadNetworks(path: modelPath(name)) } catch {
            throw StoreError.broken(name: name, reason: errorText(error))
        }
        guard (try? OutputLabels(of: networks[0]))?.names == manifest.labels else {
            throw StoreError.broken(name: name, reason: tr("its model file's labels do not match its manifest"))
        }
        return networks
    }

    /// Saves the model of `networks` (one, or several read as one) as `name` (new, or replacing the
    /// model of an existing folder, whose examples stay), with its manifest. The model file is
    /// written before the manifest, each atomically, so a kill or a full disk leaves the previous
    /// model whole.
    public func save(_ networks: [Sequential], as name: String, manifest: Manifest) throws {
        try Self.validate(name: name)
        do {
            try FileManager.default.createDirectory(atPath: examplesPath(name), withIntermediateDirectories: true)
            try ModelFile.save(networks: networks, to: modelPath(name))
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try AtomicFile.write(try encoder.encode(manifest), to: manifestPath(name))
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.io(tr("the model “{name}” was not saved: {error}", ["name": name, "error": "\(error)"]))
        }
    }

    /// Adds a labelled example to `name`: its picture, then its description (see the type's note).
    @discardableResult
    public func addExample(to name: String, label: String, png: Data, strokes: [[Point]]?, id: String? = nil) throws -> StoredExample {
        let example = StoredExample(id: id ?? HistoryEntry.newID(), label: label, strokes: strokes)
        let folder = examplesPath(name)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try AtomicFile.write(png, to: folder + "/\(example.id).png")
            try AtomicFile.write(try JSONEncoder().encode(example), to: folder + "/\(example.id).json")
        } catch {
            throw StoreError.io(tr("the example was not saved: {error}", ["error": "\(error)"]))
        }
        return example
    }

    /// The stored examples of `name` (those whose description and picture both exist), oldest first.
    public func examples(of name: String) -> [StoredExample] {
        let folder = examplesPath(name)
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".json") }
        let examples = files.compactMap { file -> (Date, StoredExample)? in
            let path = folder + "/" + file
            guard let data = FileManager.default.contents(atPath: path),
                  let example = try? JSONDecoder().decode(StoredExample.self, from: data),
                  FileManager.default.fileExists(atPath: pictureURL(of: example, in: name).path) else { return nil }
            let date = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? .distantPast
            return (date, example)
        }
        return examples.sorted { ($0.0, $0.1.id) < ($1.0, $1.1.id) }.map(\.1)
    }

    /// Where an example's picture is.
    public func pictureURL(of example: StoredExample, in name: String) -> URL {
        URL(fileURLWithPath: examplesPath(name) + "/\(example.id).png")
    }

    /// A model as a `--model` option or a personal model's base names it, loaded.
    public struct Resolved {
        /// Its networks: one, or several read as one.
        public var networks: [Sequential]
        /// The name a personal model records as its base: "built-in", a file name, or a personal model's name.
        public var name: String
        /// Where it was loaded from.
        public var source: String
        public var isPersonal: Bool

        /// A recognizer for it (a personal model shown by its name).
        public func recognizer() throws -> Recognizer {
            try Recognizer(networks: networks, source: source, name: isPersonal ? name : nil)
        }
    }

    /// Whether `option` names one of this store's models rather than a file.
    public func isModelName(_ option: String) -> Bool {
        !option.isEmpty && !option.contains("/") && !FileManager.default.fileExists(atPath: option)
            && FileManager.default.fileExists(atPath: path(option))
    }

    /// The model `option` names: nil or "built-in", the shipped model; an existing file, that file;
    /// else the personal model of that name.
    public func resolve(_ option: String?) throws -> Resolved {
        guard let option, option != Self.builtInName else {
            guard let path = ResourceLocator.path(of: ResourceLocator.modelName) else {
                throw ModelError.io(tr("the shipped model {file} was not found (set SCRAWL_RESOURCES)", ["file": ResourceLocator.modelName]))
            }
            return Resolved(networks: try ModelFile.loadNetworks(path: path), name: Self.builtInName, source: path, isPersonal: false)
        }
        if !isModelName(option), FileManager.default.fileExists(atPath: option) {
            return Resolved(networks: try ModelFile.loadNetworks(path: option), name: (option as NSString).lastPathComponent, source: option,
                            isPersonal: false)
        }
        return Resolved(networks: try load(option), name: option, source: modelPath(option), isPersonal: true)
    }

    /// Renames a model folder.
    public func rename(_ old: String, to new: String) throws {
        try Self.validate(name: new)
        guard FileManager.default.fileExists(atPath: path(old)) else { throw StoreError.notFound(old) }
        guard !FileManager.default.fileExists(atPath: path(new)) else { throw StoreError.taken(new) }
        guard Foundation.rename(path(old), path(new)) == 0 else {
            throw StoreError.io(tr("could not rename “{name}”: {reason}", ["name": old, "reason": String(cString: strerror(errno))]))
        }
    }

    /// Deletes a model folder with its examples.
    public func delete(_ name: String) throws {
        guard !name.isEmpty, !name.contains("/"), FileManager.default.fileExists(atPath: path(name)) else { throw StoreError.notFound(name) }
        do { try FileManager.default.removeItem(atPath: path(name)) } catch {
            throw StoreError.io(tr("could not delete “{name}”: {error}", ["name": name, "error": "\(error)"]))
        }
    }
}
