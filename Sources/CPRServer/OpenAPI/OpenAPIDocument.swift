/// The API description served at /openapi.yaml (OpenAPI 3.1). A test validates real answers
/// of every route against it, so a change of an answer that is not made here fails the build.
enum OpenAPIDocument {
    static let yaml = #"""
openapi: 3.1.0
info:
  title: cprd query API
  version: "1"
  summary: "Audited, access-controlled lookups in a decentral CPR replica."
  description: "Every request under /v1 names its service agreement (X-Service-Agreement). In production the calling user system is proven by its TLS client certificate; in development mode (plain HTTP on loopback) it is named by X-User-System. Every /v1 request, allowed or denied, is written to the audit log before it is answered. Errors are RFC 9457 problems (application/problem+json). Name search folds case and accents as CPR transliterates: 'Søren', 'SØREN' and 'Soeren' find each other; 'Soren' is a different spelling and does not find 'Søren'."
servers:
  - url: /
security:
  - clientCertificate: []
tags:
  - name: persons
  - name: changes
  - name: operations
paths:
  /v1/persons/{pnr}:
    get:
      tags: [persons]
      operationId: getPerson
      summary: "A person's current document; an old number (status 50/60) answers with its own document, which names the current number in currentPnr; an old number known only from record 022 answers with the current person's document."
      parameters:
        - $ref: "#/components/parameters/Pnr"
        - name: history
          in: query
          description: "Add the person's history (scope history)."
          schema:
            type: boolean
        - name: asOf
          in: query
          description: "The person as they stood on this date: address, name, citizenship and civil status from history (scope history); other fields are current."
          schema:
            type: string
            format: date
        - $ref: "#/components/parameters/ServiceAgreement"
        - $ref: "#/components/parameters/UserSystem"
        - $ref: "#/components/parameters/User"
        - $ref: "#/components/parameters/OnBehalfOf"
        - $ref: "#/components/parameters/AccountingInfo"
        - $ref: "#/components/parameters/CallId"
      responses:
        "200":
          description: "The person (name and address withheld for protected persons unless the agreement grants protected data)."
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Person"
        "400":
          $ref: "#/components/responses/Problem"
        "403":
          $ref: "#/components/responses/Problem"
        "404":
          $ref: "#/components/responses/Problem"
        "503":
          $ref: "#/components/responses/Problem"
  /v1/persons/lookup:
    post:
      tags: [persons]
      operationId: lookupPersons
      summary: "Up to 1000 persons in one call (scope lookup)."
      parameters:
        - $ref: "#/components/parameters/ServiceAgreement"
        - $ref: "#/components/parameters/UserSystem"
        - $ref: "#/components/parameters/User"
        - $ref: "#/components/parameters/OnBehalfOf"
        - $ref: "#/components/parameters/AccountingInfo"
        - $ref: "#/components/parameters/CallId"
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: "#/components/schemas/LookupRequest"
      responses:
        "200":
          description: "The persons found (each once) and the numbers not found or outside the agreement's municipalities."
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/LookupResponse"
        "400":
          $ref: "#/components/responses/Problem"
        "403":
          $ref: "#/components/responses/Problem"
        "503":
          $ref: "#/components/responses/Problem"
  /v1/persons:
    get:
      tags: [persons]
      operationId: searchPersons
      summary: "Search by name, birth date and address parts, a page at a time in PNR order (scope search). Only current numbers are found; protected persons only with the protected scope."
      parameters:
        - name: name
          in: query
          description: "Words that each begin a word of the person's first, middle or last name; case and accents folded (ø = oe, æ = ae, å = aa)."
          schema:
            type: string
        - name: birthDate
          in: query
          schema:
            type: string
            format: date
        - name: municipalityCode
          in: query
          schema:
            type: string
            pattern: "^[0-9]{1,4}$"
        - name: roadCode
          in: query
          schema:
            type: string
            pattern: "^[0-9]{1,4}$"
        - name: roadName
          in: query
          description: "Beginning of the road name, case-insensitive."
          schema:
            type: string
        - name: houseNumber
          in: query
          description: "With or without leading zeros: 12A finds 012A."
          schema:
            type: string
        - name: floor
          in: query
          schema:
            type: string
        - name: door
          in: query
          schema:
            type: string
        - name: postalCode
          in: query
          schema:
            type: string
            pattern: "^[0-9]{1,4}$"
        - name: limit
          in: query
          schema:
            type: integer
            minimum: 1
            maximum: 500
            default: 50
        - name: cursor
          in: query
          description: "The next value of the previous page."
          schema:
            type: string
        - $ref: "#/components/parameters/ServiceAgreement"
        - $ref: "#/components/parameters/UserSystem"
        - $ref: "#/components/parameters/User"
        - $ref: "#/components/parameters/OnBehalfOf"
        - $ref: "#/components/parameters/AccountingInfo"
        - $ref: "#/components/parameters/CallId"
      responses:
        "200":
          description: "One page of persons; next is null on the last page."
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/SearchResponse"
        "400":
          $ref: "#/components/responses/Problem"
        "403":
          $ref: "#/components/responses/Problem"
        "503":
          $ref: "#/components/responses/Problem"
  /v1/changes:
    get:
      tags: [changes]
      operationId: listChanges
      summary: "Which persons changed, in the order files were applied (scope changes). Continue with since=next. An entry with pnr null (fullReload true) means a full extract replaced the replica: re-read everything. An agreement limited to municipalities sees the persons who lived in one of them before or after the change: one who moved away, died or was purged then answers 404 on lookup, which means drop them from your copy."
      parameters:
        - name: since
          in: query
          description: "The next value of the previous call; omit to start from the beginning."
          schema:
            type: string
            pattern: "^[0-9]+$"
        - name: limit
          in: query
          schema:
            type: integer
            minimum: 1
            maximum: 10000
            default: 1000
        - $ref: "#/components/parameters/ServiceAgreement"
        - $ref: "#/components/parameters/UserSystem"
        - $ref: "#/components/parameters/User"
        - $ref: "#/components/parameters/OnBehalfOf"
        - $ref: "#/components/parameters/AccountingInfo"
        - $ref: "#/components/parameters/CallId"
      responses:
        "200":
          description: "The next changes; next equals since when there are none."
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/ChangesResponse"
        "400":
          $ref: "#/components/responses/Problem"
        "403":
          $ref: "#/components/responses/Problem"
        "503":
          $ref: "#/components/responses/Problem"
  /v1/status:
    get:
      tags: [operations]
      operationId: replicationStatus
      summary: "How fresh the replica is (any active agreement, no scope)."
      parameters:
        - $ref: "#/components/parameters/ServiceAgreement"
        - $ref: "#/components/parameters/UserSystem"
        - $ref: "#/components/parameters/CallId"
      responses:
        "200":
          description: "The replication state."
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Status"
        "403":
          $ref: "#/components/responses/Problem"
        "503":
          $ref: "#/components/responses/Problem"
  /healthz:
    get:
      tags: [operations]
      operationId: healthz
      summary: "Liveness: the process answers. Not audited."
      security: []
      responses:
        "200":
          description: "Alive."
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Health"
  /readyz:
    get:
      tags: [operations]
      operationId: readyz
      summary: "Readiness: the database answers and holds an applied extract, and the audit log can be written. Not audited."
      security: []
      responses:
        "200":
          description: "Ready."
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Ready"
        "503":
          $ref: "#/components/responses/Problem"
  /metrics:
    get:
      tags: [operations]
      operationId: metrics
      summary: "Prometheus metrics: cprd_http_requests_total by route and status, cprd_http_request_duration_seconds, cprd_audit_queue_depth, cprd_replica_age_seconds."
      security: []
      responses:
        "200":
          description: "Prometheus text exposition format."
          content:
            text/plain:
              schema:
                type: string
  /openapi.yaml:
    get:
      tags: [operations]
      operationId: openAPI
      summary: "This document."
      security: []
      responses:
        "200":
          description: "OpenAPI 3.1 in YAML."
          content:
            application/yaml:
              schema:
                type: string
components:
  securitySchemes:
    clientCertificate:
      type: mutualTLS
      description: "A TLS client certificate whose SHA-256 fingerprint is registered to a user system (cprd access)."
  parameters:
    Pnr:
      name: pnr
      in: path
      required: true
      description: "Ten digits; modulus 11 is not required."
      schema:
        type: string
        pattern: "^[0-9]{10}$"
    ServiceAgreement:
      name: X-Service-Agreement
      in: header
      required: true
      description: "The service agreement the request is made under."
      schema:
        type: string
        format: uuid
    UserSystem:
      name: X-User-System
      in: header
      description: "The calling user system: required in development mode; in production it must match the client certificate's system when given."
      schema:
        type: string
        format: uuid
    User:
      name: X-User
      in: header
      description: "The user at the calling system (audited)."
      schema:
        type: string
    OnBehalfOf:
      name: X-On-Behalf-Of
      in: header
      description: "On whose behalf (audited)."
      schema:
        type: string
    AccountingInfo:
      name: X-Accounting-Info
      in: header
      schema:
        type: string
    CallId:
      name: X-Call-Id
      in: header
      description: "The caller's id of this call, kept in the audit record."
      schema:
        type: string
  responses:
    Problem:
      description: "An RFC 9457 problem."
      content:
        application/problem+json:
          schema:
            $ref: "#/components/schemas/Problem"
  schemas:
    Problem:
      type: object
      additionalProperties: false
      required: [type, title, status]
      properties:
        type:
          type: string
          description: "urn:cprd:problem:invalid-pnr, bad-request, not-found, forbidden, unavailable or internal."
        title:
          type: string
        status:
          type: integer
        detail:
          type: string
    Person:
      type: object
      additionalProperties: false
      required: [pnr, currentPnr, status, statusDate, sex, birthDate, occupation, name, address, protection, civilStatus, citizenship, parents, children, emigration, disappearedAt, updatedAt, sourceProductionDate]
      properties:
        pnr:
          type: string
          pattern: "^[0-9]{10}$"
        currentPnr:
          type: [string, "null"]
          description: "The number that replaced this one (status 50/60), else null."
        status:
          type: string
          description: "CPR status code as written, e.g. 01, 90."
        statusDate:
          type: [string, "null"]
          description: "ISO 8601. Person dates are partial when CPR knows only the year or month: then YYYY or YYYY-MM."
        sex:
          type: string
          description: "M or K."
        birthDate:
          type: [string, "null"]
          description: "ISO 8601: YYYY-MM-DD, or YYYY or YYYY-MM when CPR knows only that much."
        occupation:
          type: [string, "null"]
        name:
          description: "Null when withheld (name and address protection)."
          oneOf:
            - $ref: "#/components/schemas/Name"
            - type: "null"
        address:
          description: "Null when the person has no Danish address or it is withheld."
          oneOf:
            - $ref: "#/components/schemas/Address"
            - type: "null"
        protection:
          $ref: "#/components/schemas/Protection"
        civilStatus:
          oneOf:
            - $ref: "#/components/schemas/CivilStatus"
            - type: "null"
        citizenship:
          oneOf:
            - $ref: "#/components/schemas/Citizenship"
            - type: "null"
        parents:
          $ref: "#/components/schemas/Parents"
        children:
          type: array
          items:
            type: string
            pattern: "^[0-9]{10}$"
        emigration:
          oneOf:
            - $ref: "#/components/schemas/Emigration"
            - type: "null"
        disappearedAt:
          type: [string, "null"]
        history:
          $ref: "#/components/schemas/History"
        asOf:
          type: string
          format: date
        updatedAt:
          type: string
          format: date-time
        sourceProductionDate:
          type: string
          format: date
    Name:
      type: object
      additionalProperties: false
      required: [first, middle, last, addressing]
      properties:
        first:
          type: string
        middle:
          type: string
        last:
          type: string
        addressing:
          type: string
    Address:
      type: object
      additionalProperties: false
      required: [municipalityCode, roadCode, houseNumber, floor, door, roadName, postalCode, postalDistrict, locality, coName, movedIn]
      properties:
        municipalityCode:
          type: string
        roadCode:
          type: string
        houseNumber:
          type: string
        floor:
          type: string
        door:
          type: string
        roadName:
          type: string
        postalCode:
          type: string
        postalDistrict:
          type: string
        locality:
          type: string
        coName:
          type: string
        movedIn:
          type: [string, "null"]
    Protection:
      type: object
      additionalProperties: false
      required: [nameAndAddress, localDirectory, marketing]
      properties:
        nameAndAddress:
          type: boolean
        localDirectory:
          type: boolean
        marketing:
          type: boolean
    CivilStatus:
      type: object
      additionalProperties: false
      required: [code, spousePnr, since]
      properties:
        code:
          type: string
        spousePnr:
          type: [string, "null"]
        since:
          type: [string, "null"]
    Citizenship:
      type: object
      additionalProperties: false
      required: [countryCode, since]
      properties:
        countryCode:
          type: string
        since:
          type: [string, "null"]
    Parents:
      type: object
      additionalProperties: false
      required: [motherPnr, fatherPnr]
      properties:
        motherPnr:
          type: [string, "null"]
        fatherPnr:
          type: [string, "null"]
    Emigration:
      type: object
      additionalProperties: false
      required: [countryCode, date, addressLines]
      properties:
        countryCode:
          type: string
        date:
          type: [string, "null"]
        addressLines:
          type: array
          items:
            type: string
    History:
      type: object
      additionalProperties: false
      required: [addresses, names, citizenships, civilStatuses]
      description: "Valid history records only: those annulled (A) or corrected (K) are left out. Addresses and names are null when withheld."
      properties:
        addresses:
          type: [array, "null"]
          items:
            $ref: "#/components/schemas/PastAddress"
        names:
          type: [array, "null"]
          items:
            $ref: "#/components/schemas/PastName"
        citizenships:
          type: array
          items:
            $ref: "#/components/schemas/PastCitizenship"
        civilStatuses:
          type: array
          items:
            $ref: "#/components/schemas/PastCivilStatus"
    PastAddress:
      type: object
      additionalProperties: false
      required: [municipalityCode, roadCode, houseNumber, floor, door, coName, from, to]
      properties:
        municipalityCode:
          type: string
        roadCode:
          type: string
        houseNumber:
          type: string
        floor:
          type: string
        door:
          type: string
        coName:
          type: string
        from:
          type: [string, "null"]
        to:
          type: [string, "null"]
    PastName:
      type: object
      additionalProperties: false
      required: [first, middle, last, from, to]
      properties:
        first:
          type: string
        middle:
          type: string
        last:
          type: string
        from:
          type: [string, "null"]
        to:
          type: [string, "null"]
    PastCitizenship:
      type: object
      additionalProperties: false
      required: [countryCode, from, to]
      properties:
        countryCode:
          type: string
        from:
          type: [string, "null"]
        to:
          type: [string, "null"]
    PastCivilStatus:
      type: object
      additionalProperties: false
      required: [code, spousePnr, from, to]
      properties:
        code:
          type: string
        spousePnr:
          type: [string, "null"]
        from:
          type: [string, "null"]
        to:
          type: [string, "null"]
    LookupRequest:
      type: object
      required: [pnrs]
      properties:
        pnrs:
          type: array
          maxItems: 1000
          items:
            type: string
            pattern: "^[0-9]{10}$"
    LookupResponse:
      type: object
      additionalProperties: false
      required: [persons, notFound]
      properties:
        persons:
          type: array
          items:
            $ref: "#/components/schemas/Person"
        notFound:
          type: array
          items:
            type: string
        resolved:
          description: "Asked numbers that answered with another number's document (an old number known only from record 022), mapped to that number. A person answers once in `persons` however many of their numbers were asked."
          type: object
          additionalProperties:
            type: string
    SearchResponse:
      type: object
      additionalProperties: false
      required: [persons, next]
      properties:
        persons:
          type: array
          items:
            $ref: "#/components/schemas/Person"
        next:
          type: [string, "null"]
    ChangesResponse:
      type: object
      additionalProperties: false
      required: [changes, next]
      properties:
        changes:
          type: array
          items:
            $ref: "#/components/schemas/Change"
        next:
          type: string
    Change:
      type: object
      additionalProperties: false
      required: [pnr, productionDate, fullReload]
      properties:
        pnr:
          type: [string, "null"]
        productionDate:
          type: string
          format: date
        fullReload:
          type: boolean
    Status:
      type: object
      additionalProperties: false
      required: [filesApplied, filesRejected, lastFileRejected, health, reason]
      properties:
        lastProductionDate:
          type: string
          format: date
        appliedAt:
          type: string
          format: date-time
        ageSeconds:
          type: integer
        filesApplied:
          type: integer
        filesRejected:
          type: integer
        lastFileRejected:
          type: boolean
        lastError:
          type: string
        health:
          type: string
          enum: [healthy, stale, failing]
        reason:
          type: string
        writerLockHeld:
          type: boolean
          description: Whether a cprd sync process holds the single-writer lock now.
        pendingFiles:
          type: integer
    Health:
      type: object
      additionalProperties: false
      required: [status]
      properties:
        status:
          type: string
          enum: [ok]
    Ready:
      type: object
      additionalProperties: false
      required: [status, lastProductionDate]
      properties:
        status:
          type: string
          enum: [ready]
        lastProductionDate:
          type: string
          format: date
"""#
}
