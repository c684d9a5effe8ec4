import Models

/// What a correction (UpdateCase) changed, by the request's field names — never the values, some of which
/// are personal data.
public enum CaseCorrection {
    public static func changedFields(from old: CaseRegistration, to new: CaseRegistration) -> [String] {
        var changed: [String] = []
        func check(_ field: String, _ same: Bool) { if !same { changed.append(field) } }
        check("channel", old.channel == new.channel)
        check("customer", old.customer == new.customer)
        check("orderNumber", old.orderNumber == new.orderNumber)
        check("orderLine", old.orderLine == new.orderLine)
        check("invoiceNumber", old.invoiceNumber == new.invoiceNumber)
        check("pricePaid", old.pricePaid == new.pricePaid)
        check("productName", old.product.name == new.product.name)
        check("productModel", old.product.model == new.product.model)
        check("productCategory", old.product.category == new.product.category)
        check("productBrand", old.product.brand == new.product.brand)
        check("serialNumber", old.product.serialNumber == new.product.serialNumber)
        check("quantity", old.quantity == new.quantity)
        check("purchaseDate", old.purchaseDate == new.purchaseDate)
        check("groupBuySucceededDate", old.groupBuySucceededDate == new.groupBuySucceededDate)
        check("shippedDate", old.shippedDate == new.shippedDate)
        check("deliveryDate", old.deliveryDate == new.deliveryDate)
        check("signedForDate", old.signedForDate == new.signedForDate)
        check("signedForAt", old.signedForAt == new.signedForAt)
        check("issueKind", old.issueKind == new.issueKind)
        check("reason", old.reason == new.reason)
        check("requestedResolution", old.requestedResolution == new.requestedResolution)
        check("evidence", old.evidence == new.evidence)
        check("itemCondition", old.condition == new.condition)
        check("flags", old.flags == new.flags)
        check("notes", old.notes == new.notes)
        return changed
    }
}
