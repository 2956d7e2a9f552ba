import CGtk

/// Connects Swift closures to GObject signals. Each closure is retained in a box that GLib releases
/// through the destroy notify when the handler is disconnected or the instance is finalized.
enum Signal {
    final class Box<F> {
        let body: F
        init(_ body: F) { self.body = body }
    }

    private static let release: GClosureNotify = { data, _ in
        guard let data else { return }
        Unmanaged<AnyObject>.fromOpaque(data).release()
    }

    @discardableResult
    private static func connect<F>(_ instance: some GPointer, _ name: String, _ body: F, thunk: GCallback) -> UInt {
        let box = Unmanaged.passRetained(Box(body) as AnyObject).toOpaque()
        return g_signal_connect_data(instance.raw, name, thunk, box, release, GConnectFlags(rawValue: 0))
    }

    fileprivate static func box<F>(_ data: UnsafeMutableRawPointer?) -> F {
        (Unmanaged<AnyObject>.fromOpaque(data!).takeUnretainedValue() as! Box<F>).body
    }

    /// `void handler (instance, user_data)`: clicked, activate (no parameter), destroy, notify...
    @discardableResult
    static func connect(_ instance: some GPointer, _ name: String, _ body: @escaping () -> Void) -> UInt {
        let thunk: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> Void = { _, data in
            (Signal.box(data) as () -> Void)()
        }
        return connect(instance, name, body, thunk: unsafeBitCast(thunk, to: GCallback.self))
    }

    /// `void handler (instance, pointer, user_data)`: GAction's activate/change-state (GVariant *), notify (GParamSpec *).
    @discardableResult
    static func connect(_ instance: some GPointer, _ name: String, pointer body: @escaping (OpaquePointer?) -> Void) -> UInt {
        let thunk: @convention(c) (UnsafeMutableRawPointer?, OpaquePointer?, UnsafeMutableRawPointer?) -> Void = { _, p, data in
            (Signal.box(data) as (OpaquePointer?) -> Void)(p)
        }
        return connect(instance, name, body, thunk: unsafeBitCast(thunk, to: GCallback.self))
    }

    /// `void handler (instance, int, user_data)`: a dialog's or native chooser's response.
    @discardableResult
    static func connect(_ instance: some GPointer, _ name: String, int body: @escaping (Int32) -> Void) -> UInt {
        let thunk: @convention(c) (UnsafeMutableRawPointer?, Int32, UnsafeMutableRawPointer?) -> Void = { _, v, data in
            (Signal.box(data) as (Int32) -> Void)(v)
        }
        return connect(instance, name, body, thunk: unsafeBitCast(thunk, to: GCallback.self))
    }

    /// `void handler (instance, double, double, user_data)`: drag-begin/update/end.
    @discardableResult
    static func connect(_ instance: some GPointer, _ name: String, point body: @escaping (Double, Double) -> Void) -> UInt {
        let thunk: @convention(c) (UnsafeMutableRawPointer?, Double, Double, UnsafeMutableRawPointer?) -> Void = { _, x, y, data in
            (Signal.box(data) as (Double, Double) -> Void)(x, y)
        }
        return connect(instance, name, body, thunk: unsafeBitCast(thunk, to: GCallback.self))
    }

    /// `void handler (instance, int, double, double, user_data)`: GtkGestureClick's pressed/released.
    @discardableResult
    static func connect(_ instance: some GPointer, _ name: String, click body: @escaping (Int32, Double, Double) -> Void) -> UInt {
        let thunk: @convention(c) (UnsafeMutableRawPointer?, Int32, Double, Double, UnsafeMutableRawPointer?) -> Void = { _, n, x, y, data in
            (Signal.box(data) as (Int32, Double, Double) -> Void)(n, x, y)
        }
        return connect(instance, name, body, thunk: unsafeBitCast(thunk, to: GCallback.self))
    }

    /// `gboolean handler (instance, user_data)`: close-request.
    @discardableResult
    static func connect(_ instance: some GPointer, _ name: String, returning body: @escaping () -> Bool) -> UInt {
        let thunk: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> gboolean = { _, data in
            (Signal.box(data) as () -> Bool)() ? 1 : 0
        }
        return connect(instance, name, body, thunk: unsafeBitCast(thunk, to: GCallback.self))
    }

    /// `gboolean handler (instance, const GValue *, double, double, user_data)`: GtkDropTarget's drop.
    @discardableResult
    static func connect(_ instance: some GPointer, _ name: String, drop body: @escaping (UnsafePointer<GValue>?, Double, Double) -> Bool) -> UInt {
        let thunk: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<GValue>?, Double, Double, UnsafeMutableRawPointer?) -> gboolean = { _, v, x, y, data in
            (Signal.box(data) as (UnsafePointer<GValue>?, Double, Double) -> Bool)(v, x, y) ? 1 : 0
        }
        return connect(instance, name, body, thunk: unsafeBitCast(thunk, to: GCallback.self))
    }

    /// `void handler (instance, GObject *, user_data)`: a list item factory's setup/bind/unbind.
    @discardableResult
    static func connect(_ instance: some GPointer, _ name: String, object body: @escaping (UnsafeMutableRawPointer?) -> Void) -> UInt {
        let thunk: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> Void = { _, o, data in
            (Signal.box(data) as (UnsafeMutableRawPointer?) -> Void)(o)
        }
        return connect(instance, name, body, thunk: unsafeBitCast(thunk, to: GCallback.self))
    }
}
