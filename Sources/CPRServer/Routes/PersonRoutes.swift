import CPRFormat
import CPRStore
import Foundation
import Hummingbird
import PostgresNIO

/// /v1/persons: one person, many persons, and search.
struct PersonRoutes: Sendable {
    let database: Database
    let lookup: PersonLookup

    static let maximumLookup = 1000

    func register(on group: RouterGroup<APIContext>) {
        group.get("persons/{pnr}", use: person)
        group.post("persons/lookup", use: lookupMany)
        group.get("persons", use: search)
    }

    /// GET /v1/persons/{pnr}[?history=true][&asOf=YYYY-MM-DD]
    @Sendable func person(_ request: Request, context: APIContext) async throws -> Response {
        let caller = try context.requireCaller()
        try caller.require(.lookup)
        guard let pnr = context.parameters.get("pnr"), PNRText.isValid(pnr) else { throw Problem.invalidPNR() }
        let query = request.uri.queryParameters
        let history = try Self.flag(query["history"].map(String.init), name: "history")
        var asOf: CPRDate?
        if let text = query["asOf"].map(String.init) {
            guard let date = CalendarDate.parse(text) else { throw Problem.badRequest("asOf is a date YYYY-MM-DD") }
            asOf = date
        }
        if history || asOf != nil { try caller.require(.history) }

        guard let row = try await lookup.find(pnr), try await isCovered(row, by: caller) else {
            throw Problem.notFound("no person with that PNR\(caller.agreement.municipalities == nil ? "" : " within the agreement's municipalities")")
        }
        let withhold = row.isProtected && !caller.seesProtected
        guard history || asOf != nil else {
            context.disclosure.record(row.pnr)
            return .json(try row.answer(redacted: withhold))
        }

        let stored = try await database.client.query(
            "SELECT records FROM person_raw WHERE pnr = \(row.pnr)", logger: database.logger
        ).decode(String.self).collect().first ?? ""
        let past = PersonHistory(stored: stored)
        var members = JSONWriter(capacity: 4096)
        if history { past.writeMember(into: &members, withholdNameAndAddress: withhold) }
        var document = row
        if let asOf {
            guard let snapshot = past.snapshot(of: PNR(row.pnr)!, on: asOf) else {
                throw Problem.notFound("the person was born after \(asOf.iso)")
            }
            members.key("asOf"); members.string(asOf.iso)
            document = row.replacingDocument(with: PersonDocument.encode(snapshot, redacted: withhold))
        }
        context.disclosure.record(row.pnr)
        // The rebuilt document is already redacted where it must be.
        return .json(try document.answer(redacted: withhold && asOf == nil, members: members.bytes))
    }

    /// The numbers of the rows within the caller's municipality limit: by where the person
    /// lives, or, without a current address, where they lived last.
    func covered(_ rows: some Collection<PersonRow>, by caller: Caller) async throws -> Set<String> {
        var within = Set<String>(minimumCapacity: rows.count)
        var unplaced: [String] = []
        for row in rows {
            if caller.covers(municipality: row.municipalityCode) {
                within.insert(row.pnr)
            } else if row.municipalityCode == nil {
                unplaced.append(row.pnr)
            }
        }
        for (pnr, code) in try await LastMunicipality.of(unplaced, in: database) where caller.covers(municipality: code) {
            within.insert(pnr)
        }
        return within
    }

    /// `covered` for one row, without a set unless the row has no address.
    func isCovered(_ row: PersonRow, by caller: Caller) async throws -> Bool {
        if caller.covers(municipality: row.municipalityCode) { return true }
        guard row.municipalityCode == nil else { return false }
        return try await !covered([row], by: caller).isEmpty
    }

    /// POST /v1/persons/lookup with `{"pnrs":[…]}`: `{"persons":[…],"notFound":[…],"resolved":{…}}`.
    /// A person answers once however many of their numbers were asked; `resolved` maps each
    /// asked number that answered with another number's document to that number.
    @Sendable func lookupMany(_ request: Request, context: APIContext) async throws -> Response {
        let caller = try context.requireCaller()
        try caller.require(.lookup)
        let body: LookupRequest
        do {
            body = try await request.decode(as: LookupRequest.self, context: context)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw Problem.badRequest("the body is too large: at most \(Self.maximumLookup) PNRs")
        } catch {
            throw Problem.badRequest("the body must be JSON {\"pnrs\": [\"0101011234\", …]}")
        }
        guard body.pnrs.count <= Self.maximumLookup else {
            throw Problem.badRequest("at most \(Self.maximumLookup) PNRs per lookup, got \(body.pnrs.count)")
        }
        if let index = body.pnrs.firstIndex(where: { !PNRText.isValid($0) }) {
            throw Problem.invalidPNR("pnrs[\(index)] is not 10 digits")
        }
        var seen = Set<String>()
        let asked = body.pnrs.filter { seen.insert($0).inserted }
        let rows = asked.isEmpty ? [:] : try await lookup.find(all: asked)

        var buffer = ByteBuffer()
        buffer.writeString(#"{"persons":["#)
        var notFound: [String] = []
        var resolved: [(asked: String, answered: String)] = []
        var returned = Set<String>()
        let within = caller.agreement.municipalities == nil ? nil : try await covered(rows.values, by: caller)
        for pnr in asked {
            guard let row = rows[pnr], within?.contains(row.pnr) ?? true else {
                notFound.append(pnr)
                continue
            }
            if row.pnr != pnr { resolved.append((pnr, row.pnr)) }
            guard returned.insert(row.pnr).inserted else { continue }
            if returned.count > 1 { buffer.writeString(",") }
            try row.writeAnswer(redacted: row.isProtected && !caller.seesProtected, into: &buffer)
        }
        var tail = JSONWriter(capacity: 32 + notFound.count * 13 + resolved.count * 26)
        tail.key("notFound")
        tail.beginArray()
        for pnr in notFound { tail.string(pnr) }
        tail.endArray()
        tail.key("resolved")
        tail.beginObject()
        for pair in resolved { tail.key(escaping: pair.asked); tail.string(pair.answered) }
        tail.endObject()
        buffer.writeString("],")
        buffer.writeBytes(tail.bytes)
        buffer.writeString("}")
        context.disclosure.record(Array(returned))
        return .json(buffer)
    }

    /// GET /v1/persons?name=…&birthDate=…&…: `{"persons":[…],"next":cursor|null}`.
    @Sendable func search(_ request: Request, context: APIContext) async throws -> Response {
        let caller = try context.requireCaller()
        try caller.require(.search)
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        let search = try PersonSearch(query: query)
        let (rows, next) = try await search.run(for: caller, on: database)
        var buffer = ByteBuffer()
        buffer.writeString(#"{"persons":["#)
        for (index, row) in rows.enumerated() {
            if index > 0 { buffer.writeString(",") }
            try row.writeAnswer(redacted: row.isProtected && !caller.seesProtected, into: &buffer)
        }
        buffer.writeString(#"],"next":"#)
        var cursor = JSONWriter(capacity: 32)
        cursor.string(next)
        buffer.writeBytes(cursor.bytes)
        buffer.writeString("}")
        context.disclosure.record(rows.map(\.pnr))
        return .json(buffer)
    }

    static func flag(_ text: String?, name: String) throws(Problem) -> Bool {
        switch text?.lowercased() {
        case nil, "false", "0": return false
        case "true", "1", "": return true
        default: throw Problem.badRequest("\(name) is true or false")
        }
    }
}

struct LookupRequest: Decodable {
    var pnrs: [String]
}

extension PersonRow {
    /// The same row answering with another document (a person as they stood on a date).
    func replacingDocument(with bytes: [UInt8]) -> PersonRow {
        PersonRow((pnr, ByteBuffer(bytes: bytes), nil, municipalityCode, false, updatedAt, productionDate))
    }
}
