import CGtk

/// GActions on a GActionMap (an application or application window), created with Swift handlers,
/// looked up by name to enable or disable them.
final class ActionGroup {
    private let map: OpaquePointer
    private var actions: [String: OpaquePointer] = [:]

    init(map: some GPointer) {
        self.map = map.opaque
    }

    /// A plain action.
    func add(_ action: Action, _ handler: @escaping () -> Void) { add(action.local, handler) }
    func add(_ action: Action, int handler: @escaping (Int32) -> Void) { add(action.local, int: handler) }
    func add(_ action: Action, string handler: @escaping (String) -> Void) { add(action.local, string: handler) }
    func addToggle(_ action: Action, initial: Bool, _ handler: @escaping (Bool) -> Void) { addToggle(action.local, initial: initial, handler) }
    func addChoice(_ action: Action, initial: String, _ handler: @escaping (String) -> Void) { addChoice(action.local, initial: initial, handler) }
    func setEnabled(_ action: Action, _ enabled: Bool) { setEnabled(action.local, enabled) }
    func setState(_ action: Action, _ on: Bool) { setState(action.local, on) }
    func setState(_ action: Action, _ choice: String) { setState(action.local, choice) }

    /// A plain action, `prefix.name`.
    private func add(_ name: String, _ handler: @escaping () -> Void) {
        let action = g_simple_action_new(name, nil)!
        Signal.connect(action, "activate", pointer: { _ in handler() })
        install(name, action)
    }

    /// An action taking an int32 parameter (for example `win.correct-to(3)`).
    private func add(_ name: String, int handler: @escaping (Int32) -> Void) {
        let type = g_variant_type_new("i")
        let action = g_simple_action_new(name, type)!
        g_variant_type_free(type)
        Signal.connect(action, "activate", pointer: { variant in
            if let variant { handler(g_variant_get_int32(variant)) }
        })
        install(name, action)
    }

    /// An action taking a string parameter (a menu item's target).
    private func add(_ name: String, string handler: @escaping (String) -> Void) {
        let type = g_variant_type_new("s")
        let action = g_simple_action_new(name, type)!
        g_variant_type_free(type)
        Signal.connect(action, "activate", pointer: { variant in
            if let variant { handler(String(cString: g_variant_get_string(variant, nil))) }
        })
        install(name, action)
    }

    /// A boolean toggle whose state is `initial`; `handler` gets the new state.
    private func addToggle(_ name: String, initial: Bool, _ handler: @escaping (Bool) -> Void) {
        let action = g_simple_action_new_stateful(name, nil, g_variant_new_boolean(initial ? 1 : 0))!
        Signal.connect(action, "change-state", pointer: { [weak self] variant in
            guard let variant else { return }
            let on = g_variant_get_boolean(variant) != 0
            self?.setState(name, on)
            handler(on)
        })
        install(name, action)
    }

    /// A radio choice among strings (menu items with a string target); `handler` gets the choice.
    private func addChoice(_ name: String, initial: String, _ handler: @escaping (String) -> Void) {
        let type = g_variant_type_new("s")
        let action = g_simple_action_new_stateful(name, type, g_variant_new_string(initial))!
        g_variant_type_free(type)
        Signal.connect(action, "change-state", pointer: { [weak self] variant in
            guard let variant else { return }
            let choice = String(cString: g_variant_get_string(variant, nil))
            self?.setState(name, choice)
            handler(choice)
        })
        install(name, action)
    }

    private func setState(_ name: String, _ choice: String) {
        guard let action = actions[name] else { return }
        g_simple_action_set_state(action, g_variant_new_string(choice))
    }

    private func setEnabled(_ name: String, _ enabled: Bool) {
        guard let action = actions[name] else { return }
        g_simple_action_set_enabled(action, enabled ? 1 : 0)
    }

    private func setState(_ name: String, _ on: Bool) {
        guard let action = actions[name] else { return }
        g_simple_action_set_state(action, g_variant_new_boolean(on ? 1 : 0))
    }

    private func install(_ name: String, _ action: OpaquePointer) {
        g_action_map_add_action(map, action)
        g_object_unref(UnsafeMutableRawPointer(action))   // the map holds it
        actions[name] = action
    }
}
