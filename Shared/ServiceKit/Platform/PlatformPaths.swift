/// The platform paths of DESIGN §9, served by ServiceKit in every service (``PlatformHandlers``) and
/// described by `Shared/Contracts/PlatformAPI/openapi.yaml`.
public enum PlatformPaths {
    public static let deliver = "/aftersales.platform.v1.EventSink/Deliver"
    public static let testClock = "/aftersales.platform.v1.TestClock"
    public static let deadLetters = "/aftersales.platform.v1.DeadLetters"
}
