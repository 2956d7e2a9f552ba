import Foundation

/// A weak reference to an object that belongs to one thread (the GTK thread), which may travel
/// with work to another queue and back.
///
/// The compiler lets only Sendable values cross queues; this is the one exception in the window,
/// and it is checked at run time instead: ``object`` traps unless read on the thread that made
/// the reference. ``AppState/perform(_:then:)`` is its only user.
struct OwnerThreadReference<Object: AnyObject>: @unchecked Sendable {
    // Unchecked: the object is only ever read by `object`, which checks the thread.
    private weak var stored: Object?
    private let owner: pthread_t

    init(_ object: Object) {
        stored = object
        owner = pthread_self()
    }

    /// The object, nil once it is gone; read only on the owner thread.
    var object: Object? {
        precondition(pthread_equal(pthread_self(), owner) != 0, "an owner-thread object was touched from another thread")
        return stored
    }
}
