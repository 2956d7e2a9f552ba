import Foundation
import ScrawlEngine
import ScrawlRecognition

/// What `--model` names: a model file, a personal model (by name), or nothing (the shipped model).
enum ModelOption {
    /// The model `option` names (``PersonalModelStore/resolve(_:)``), or a clear error for a name
    /// that is neither a file nor a personal model.
    static func load(_ option: String?, store: PersonalModelStore = PersonalModelStore(folder: PersonalModelStore.defaultFolder()))
        throws -> PersonalModelStore.Resolved {
        if let option, option != PersonalModelStore.builtInName, !FileManager.default.fileExists(atPath: option), !store.isModelName(option) {
            throw ModelError.io("there is no model file or personal model called \"\(option)\" ('scrawl models' lists the personal models)")
        }
        return try store.resolve(option)
    }

    /// A recognizer for the model `option` names.
    static func recognizer(_ option: String?) throws -> Recognizer {
        try load(option).recognizer()
    }
}
