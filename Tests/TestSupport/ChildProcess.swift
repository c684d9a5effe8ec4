import Foundation

#if canImport(Glibc)
public import Glibc
#endif

/// Starts programs for tests with posix_spawn. Foundation's `Process.waitUntilExit` was seen to hang here
/// when the child left a daemon behind (pg_ctl), so waiting is a plain `waitpid`.
public enum ChildProcess {
    /// Runs `path` to completion and returns its exit status.
    public static func run(_ path: String, _ arguments: [String], environment: [String: String]) throws -> Int32 {
        let pid = try spawn(path, arguments, environment: environment)
        return wait(pid)
    }

    /// Starts `path` and returns its pid; stdout goes to `outputPath` when given, stderr to `errorPath` or
    /// with stdout.
    public static func spawn(
        _ path: String,
        _ arguments: [String],
        environment: [String: String],
        outputPath: String? = nil,
        errorPath: String? = nil
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let outputPath {
            posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            if let errorPath {
                posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            } else {
                posix_spawn_file_actions_adddup2(&actions, 1, 2)
            }
        }
        // The child gets only standard input, output and error: an inherited socket of this process (a test's
        // connection, a server's accepted one) would stay open in the child after this process closes it, so
        // its peer would never see the close.
        // (glibc ≥ 2.34 has posix_spawn_file_actions_addclosefrom_np; Swift's Glibc module does not import it.)
        if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
            typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
            _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
        }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, nil, argv, envp)
        guard result == 0 else { throw SpawnError(path: path, errno: result) }
        return pid
    }

    /// Waits for `pid` and returns its exit status (128 + signal when a signal ended it).
    public static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// Waits up to `timeout` for `pid` to end; nil when it is still running then.
    public static func wait(_ pid: pid_t, timeout: Duration) async throws -> Int32? {
        let deadline = ContinuousClock.now + timeout
        var status: Int32 = 0
        while ContinuousClock.now < deadline {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                let signal = status & 0x7f
                return signal == 0 ? (status >> 8) & 0xff : 128 + signal
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    public struct SpawnError: Error {
        public let path: String
        public let errno: Int32
    }
}
