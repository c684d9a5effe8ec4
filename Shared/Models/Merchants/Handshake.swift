/// The merchant's steps in the handshake (rules.md §2(b)), each with a deadline of its own
/// (``MerchantResponseDeadlines``): chased when it passes, escalated after enough chases (§2(c) E2).
public enum MerchantStep: String, WireEnum, Hashable {
    case acknowledge
    case inspect
    case propose
    case returnItem = "return_item"
}

/// Who carries an agreed resolution out (DESIGN §6): the merchant (a repair or replacement it performs),
/// the tenant's own workshop (a repair done in house), or Returns (money back, a return, an exchange).
public enum CarriedOutBy: String, WireEnum, Hashable {
    case merchant
    case ownWorkshop = "own_workshop"
    case returns
}

/// How the merchant gives a finished item back (rules.md §2(b) step 5): the runner collects it, or a
/// courier brings it.
public enum ItemReturnMethod: String, WireEnum, Hashable {
    case readyForPickup = "ready_for_pickup"
    case shipped
}

extension Resolution {
    /// Who may carry it out, the usual one first: money, returns and exchanges go through Returns; a repair
    /// is the merchant's or the tenant's own workshop; a replacement the merchant's (who then gives the item
    /// back: ready for pickup or shipped).
    public var carriers: [CarriedOutBy] {
        switch self {
        case .refundOnly, .returnAndRefund, .exchange, .compensation: [.returns]
        case .repair: [.merchant, .ownWorkshop]
        case .factoryWarranty, .replaceNew, .goodUnitSwap, .reshipment: [.merchant]
        }
    }

    /// Who carries it out: `requested` when it may, the usual one when none is named.
    /// - Throws: invalid_argument naming `carriedOutBy` when the resolution is not carried out that way.
    public func carrier(_ requested: CarriedOutBy?) throws(ErrorBody) -> CarriedOutBy {
        let carrier = requested ?? carriers[0]
        guard carriers.contains(carrier) else {
            throw ErrorBody.invalidArgument("carriedOutBy", "\(rawValue) is carried out by \(carriers.map(\.rawValue).joined(separator: " or "))")
        }
        return carrier
    }
}

/// How the merchant receives its cases (rules.md §2(b)): online (it reads them through the partner API;
/// its response clock starts when the case is queued) or carried (the mall's runner takes the items to it in
/// the morning run; its clock starts when the run's delivery leg is recorded).
public enum CaseHandling: String, WireEnum, Hashable {
    case online
    case carried
}

/// Where a case stands at Dispatch (rules.md §2(b), §2(c), §3.4 CM-27); the states of `DispatchCase`.
public enum DispatchCaseStatus: String, WireEnum, Hashable {
    /// No merchant named, a suspended one, or the merchant handed it back: a dispatcher assigns it.
    case awaitingRouting = "awaiting_routing"
    /// With a merchant that has its items carried to it: waits for the morning run's delivery leg.
    case awaitingDispatch = "awaiting_dispatch"
    case awaitingAcknowledgement = "awaiting_acknowledgement"
    /// Not acknowledged by `respondBy`; the merchant may still acknowledge (late, and chased).
    case responseOverdue = "response_overdue"
    case acknowledged
    /// The inspection differs from the customer's report: the dispatcher phones the customer (CM-27).
    case customerConsultation = "customer_consultation"
    case inspected
    case resolutionProposed = "resolution_proposed"
    case resolutionAgreed = "resolution_agreed"
    case readyForPickup = "ready_for_pickup"
    case shippedBack = "shipped_back"
    /// Collected from the merchant on a run (rules.md §2(b) step 5, `RETURNED_TO_MALL`).
    case returnedToMall = "returned_to_mall"
    /// Cancelled at Intake: the merchant has nothing more to do and its deadline is off.
    case withdrawn
}

/// The dispatcher's tasks (rules.md §2(b)): phone the customer (step 3, CM-27), phone a late merchant (step 4).
public enum DispatcherTaskKind: String, WireEnum, Hashable {
    case callCustomer = "call_customer"
    case chaseMerchant = "chase_merchant"
}

/// An escalation is open at the desk until its outcome is decided.
public enum EscalationStatus: String, WireEnum, Hashable {
    case open, closed
}
