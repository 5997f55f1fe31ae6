/// The JSON person document of the query API (product spec §4). Dates are ISO 8601, partial
/// ones in reduced precision (`CPRDate.iso8601`). The replica stores it prebuilt; `updatedAt` and `sourceProductionDate` are appended by the server because
/// they describe the replica, not the person.
public enum PersonDocument {
    /// `redacted` withholds name and address, for callers without the protected-data scope.
    public static func encode(_ person: PersonSnapshot, redacted: Bool = false) -> [UInt8] {
        var json = JSONWriter()
        json.beginObject()
        writeBody(person, redacted: redacted, into: &json)
        json.endObject()
        return json.bytes
    }

    /// The document's members without the surrounding braces, so callers can add more.
    public static func writeBody(_ person: PersonSnapshot, redacted: Bool, into json: inout JSONWriter) {
        json.key("pnr"); json.string(person.pnr.digits)
        json.key("currentPnr"); json.string(person.currentPNR?.digits)
        json.key("status"); json.string(person.status)
        json.key("statusDate"); json.string(CPRDate.iso8601(person.statusDate))
        json.key("sex"); json.string(person.sex)
        json.key("birthDate"); json.string(CPRDate.iso8601(person.birthDate))
        json.key("occupation"); json.string(person.occupation.isEmpty ? nil : person.occupation)
        json.key("name")
        if redacted {
            json.null()
        } else {
            json.beginObject()
            json.key("first"); json.string(person.name.first)
            json.key("middle"); json.string(person.name.middle)
            json.key("last"); json.string(person.name.last)
            json.key("addressing"); json.string(person.name.addressing)
            json.endObject()
        }
        json.key("address")
        if let address = person.address, !redacted {
            json.beginObject()
            json.key("municipalityCode"); json.string(address.municipalityCode)
            json.key("roadCode"); json.string(address.roadCode)
            json.key("houseNumber"); json.string(address.houseNumber)
            json.key("floor"); json.string(address.floor)
            json.key("door"); json.string(address.door)
            json.key("roadName"); json.string(address.roadName)
            json.key("postalCode"); json.string(address.postalCode)
            json.key("postalDistrict"); json.string(address.postalDistrict)
            json.key("locality"); json.string(address.locality)
            json.key("coName"); json.string(address.coName)
            json.key("movedIn"); json.string(CPRDate.iso8601(address.movedIn))
            json.endObject()
        } else {
            json.null()
        }
        json.key("protection")
        json.beginObject()
        json.key("nameAndAddress"); json.bool(person.isNameAndAddressProtected)
        json.key("localDirectory"); json.bool(person.hasLocalDirectoryProtection)
        json.key("marketing"); json.bool(person.hasMarketingProtection)
        json.endObject()
        json.key("civilStatus")
        if let civil = person.civilStatus {
            json.beginObject()
            json.key("code"); json.string(civil.code)
            json.key("spousePnr"); json.string(civil.spouse?.digits)
            json.key("since"); json.string(CPRDate.iso8601(civil.since))
            json.endObject()
        } else {
            json.null()
        }
        json.key("citizenship")
        if let citizenship = person.citizenship {
            json.beginObject()
            json.key("countryCode"); json.string(citizenship.countryCode)
            json.key("since"); json.string(CPRDate.iso8601(citizenship.since))
            json.endObject()
        } else {
            json.null()
        }
        json.key("parents")
        json.beginObject()
        json.key("motherPnr"); json.string(person.mother?.digits)
        json.key("fatherPnr"); json.string(person.father?.digits)
        json.endObject()
        json.key("children")
        json.beginArray()
        for child in person.children { json.string(child.digits) }
        json.endArray()
        json.key("emigration")
        if let emigration = person.emigration, !redacted {
            json.beginObject()
            json.key("countryCode"); json.string(emigration.countryCode)
            json.key("date"); json.string(CPRDate.iso8601(emigration.date))
            json.key("addressLines")
            json.beginArray()
            for line in emigration.lines { json.string(line) }
            json.endArray()
            json.endObject()
        } else {
            json.null()
        }
        json.key("disappearedAt"); json.string(CPRDate.iso8601(person.disappearedAt))
    }
}
