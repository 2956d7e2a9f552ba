import Foundation
import ScrawlEngine
import ScrawlRecognition

/// What `--model` names: a model file, a personal model (by name), or nothing (the shipped model).
enum ModelOption {
    /// The model `option` names, with the name personal models record as their base.
    static func load(_ option: String?, store: PersonalModelStore = PersonalModelStore(folder: PersonalModelStore.defaultFolder()))
        throws -> (model: Sequential, name: String, source: String) {
        guard let option else {
            guard let path = ResourceLocator.path(of: ResourceLocator.modelName) else {
                throw ModelError.io("the shipped model \(ResourceLocator.modelName) was not found (set SCRAWL_RESOURCES or pass --model)")
            }
            return (try ModelFile.load(path: path), PersonalModelStore.builtInName, path)
        }
        if FileManager.default.fileExists(atPath: option) {
            return (try ModelFile.load(path: option), (option as NSString).lastPathComponent, option)
        }
        guard !option.contains("/"), FileManager.default.fileExists(atPath: store.modelPath(option))
                || FileManager.default.fileExists(atPath: (store.folder as NSString).appendingPathComponent(option)) else {
            throw ModelError.io("there is no model file or personal model called \"\(option)\" ('scrawl models' lists the personal models)")
        }
        return (try store.load(option), option, store.modelPath(option))
    }

    /// A recognizer for the model `option` names.
    static func recognizer(_ option: String?) throws -> Recognizer {
        let (model, name, source) = try load(option)
        return try Recognizer(model: model, source: source, name: source.hasSuffix("/\(name)/model.scrawl") ? name : nil)
    }
}
