import CGtk

/// Hands work to the GTK thread. Dispatch's main queue never runs under the GLib main loop, so
/// results from background work come back through `g_idle_add_full`.
enum MainThread {
    private final class Job {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Runs `body` on the GTK thread at the next idle moment (from any thread).
    @Sendable static func async(_ body: @escaping @Sendable () -> Void) {
        let job = Unmanaged.passRetained(Job(body)).toOpaque()
        g_idle_add_full(Int32(G_PRIORITY_DEFAULT), { data in
            Unmanaged<Job>.fromOpaque(data!).takeUnretainedValue().body()
            return 0   // G_SOURCE_REMOVE
        }, job, { data in
            Unmanaged<Job>.fromOpaque(data!).release()
        })
    }

    /// Drops a reference to `object` at the next idle moment, after the signal handler that
    /// holds it has returned.
    static func unrefWhenIdle(_ object: OpaquePointer) {
        g_idle_add_full(Int32(G_PRIORITY_DEFAULT), { data in
            g_object_unref(data)
            return 0
        }, UnsafeMutableRawPointer(object), nil)
    }

    /// Runs `body` after `milliseconds` on the GTK thread (called on the GTK thread).
    static func after(milliseconds: UInt32, _ body: @escaping () -> Void) {
        let job = Unmanaged.passRetained(Job(body)).toOpaque()
        g_timeout_add_full(Int32(G_PRIORITY_DEFAULT), milliseconds, { data in
            Unmanaged<Job>.fromOpaque(data!).takeUnretainedValue().body()
            return 0
        }, job, { data in
            Unmanaged<Job>.fromOpaque(data!).release()
        })
    }
}
