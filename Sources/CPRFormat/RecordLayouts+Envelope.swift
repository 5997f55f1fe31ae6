// Envelope and service records: start/end of file (spec §2.4), events, errors, receipts.
extension RecordLayouts {
    // P12170-000 StartRecord
    static let r000 = RecordLayout(
        type: .startRecord, name: "P12170-000", length: 35,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("SORTFELT-10", 4, 10, .alphanumeric),  // 0000000000
            .init("OPGAVENR", 14, 6, .numeric),
            .init("PRODDTO", 20, 8, .numeric),  // YYYYMMDD
            .init("PRODDTOFORRIG", 28, 8, .numeric),  // YYYYMMDD; must equal the previous file's PRODDTO
        ]
    )

    // P12170-099 Events
    static let r099 = RecordLayout(
        type: .event, name: "P12170-099", length: 45,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("TIMESTAMPU", 14, 12, .dateTime),
            .init("HAENDELSE", 26, 3, .alphanumeric),
            .init("AFLEDTMRK", 29, 2, .alphanumeric),
            .init("NGLKONST", 31, 15, .alphanumeric),
        ]
    )

    // P12170-910 ErrorRecord
    static let r910 = RecordLayout(
        type: .errorRecord, name: "P12170-910", length: 157,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("SORTFELT-10", 4, 10, .alphanumeric),
            .init("INDDATA", 14, 75, .alphanumeric),
            .init("FEJLNR", 89, 4, .numeric),
            .init("FEJLTXT-UDTRÆK", 93, 65, .alphanumeric),
        ]
    )

    // P12170-997 SubscriptionDeletionReceipt
    static let r997 = RecordLayout(
        type: .subscriptionDeletionReceipt, name: "P12170-997", length: 43,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("TIMESTAMPU", 14, 12, .dateTime),
            .init("HAENDELSE", 26, 3, .alphanumeric),
            .init("NGLKONST", 29, 15, .alphanumeric),
        ]
    )

    // P12170-999 EndRecord
    static let r999 = RecordLayout(
        type: .endRecord, name: "P12170-999", length: 21,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("SORTFELT-10", 4, 10, .alphanumeric),
            .init("TAELLER", 14, 8, .numeric),  // records between 000 and 999; spec marks it A, values are digits
        ]
    )
}
