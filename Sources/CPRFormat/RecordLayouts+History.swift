// Historical records 022–030 (spec §5.1). ANNKOR marks annulled/corrected rows.
extension RecordLayouts {
    // P12170-022 HistoricalPNR
    static let r022 = RecordLayout(
        type: .historicalPNR, name: "P12170-022", length: 45,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),  // owner = the current number (CprBroker: PNRGÆLD)
            .init("PNR-TIDLIGERE", 14, 10, .pnr),  // the old number; spec: second "PNR"
            .init("START_DT-PERSON", 24, 10, .date),
            .init("START_DT_UMRK-PERSON", 34, 1, .uncertaintyMarker),
            .init("SLUT_DT-PERSON", 35, 10, .date),
            .init("SLUT_DT_UMRK-PERSON", 45, 1, .uncertaintyMarker),
        ]
    )

    // P12170-023 HistoricalAddress
    static let r023 = RecordLayout(
        type: .historicalAddress, name: "P12170-023", length: 96,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("ANNKOR", 14, 1, .annkor),
            .init("KOMKOD", 15, 4, .numeric),
            .init("VEJKOD", 19, 4, .numeric),
            .init("HUSNR", 23, 4, .alphanumeric),
            .init("ETAGE", 27, 2, .alphanumeric),
            .init("SIDEDOER", 29, 4, .alphanumeric),
            .init("BNR", 33, 4, .alphanumeric),
            .init("CONVN", 37, 34, .alphanumeric),
            .init("TILFLYDTO", 71, 12, .dateTime),
            .init("TILFLYDT_UMRK", 83, 1, .uncertaintyMarker),
            .init("FRAFLYDTO", 84, 12, .dateTime),
            .init("FRAFLYDTO_UMRK", 96, 1, .uncertaintyMarker),
        ]
    )

    // P12170-024 HistoricalDeparture
    static let r024 = RecordLayout(
        type: .historicalDeparture, name: "P12170-024", length: 218,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("ANNKOR", 14, 1, .annkor),
            .init("UDR_LANDEKOD", 15, 4, .numeric),
            .init("UDRDTO", 19, 12, .dateTime),
            .init("UDRDTO_UMRK", 31, 1, .uncertaintyMarker),
            .init("INDR_LANDEKOD", 32, 4, .numeric),
            .init("INDRDTO", 36, 12, .dateTime),
            .init("INDRDTO_UMRK", 48, 1, .uncertaintyMarker),
            .init("UDLANDADR1", 49, 34, .alphanumeric),
            .init("UDLANDADR2", 83, 34, .alphanumeric),
            .init("UDLANDADR3", 117, 34, .alphanumeric),
            .init("UDLANDADR4", 151, 34, .alphanumeric),
            .init("UDLANDADR5", 185, 34, .alphanumeric),
        ]
    )

    // P12170-025 HistoricalDisappearance
    static let r025 = RecordLayout(
        type: .historicalDisappearance, name: "P12170-025", length: 40,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("ANNKOR", 14, 1, .annkor),
            .init("FORSVINDDTO", 15, 12, .dateTime),
            .init("FORSVINDDTO_UMRK", 27, 1, .uncertaintyMarker),
            .init("GENFINDDTO", 28, 12, .dateTime),
            .init("GENFINDDTO_UMRK", 40, 1, .uncertaintyMarker),
        ]
    )

    // P12170-026 HistoricalName
    static let r026 = RecordLayout(
        type: .historicalName, name: "P12170-026", length: 173,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("ANNKOR", 14, 1, .annkor),
            .init("FORNVN", 15, 50, .alphanumeric),
            .init("FORNVN_MRK", 65, 1, .nameMarker),
            .init("MELNVN", 66, 40, .alphanumeric),
            .init("MELNVN_MRK", 106, 1, .nameMarker),
            .init("EFTERNVN", 107, 40, .alphanumeric),
            .init("EFTERNVN_MRK", 147, 1, .nameMarker),
            .init("NVNHAENSTART", 148, 12, .dateTime),
            .init("HAENSTART_UMRK-NAVNE", 160, 1, .uncertaintyMarker),
            .init("NVNHAENSLUT", 161, 12, .dateTime),
            .init("HAENSLUT_UMRK-NAVNE", 173, 1, .uncertaintyMarker),
        ]
    )

    // P12170-027 HistoricalCitizenship
    static let r027 = RecordLayout(
        type: .historicalCitizenship, name: "P12170-027", length: 44,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("ANNKOR", 14, 1, .annkor),
            .init("LANDEKOD", 15, 4, .numeric),
            .init("HAENSTART-STATSBORGERSKAB", 19, 12, .dateTime),
            .init("HAENSTART_UMRK-STATSBORGERSKAB", 31, 1, .uncertaintyMarker),
            .init("HAENSLUT-STATSBORGERSKAB", 32, 12, .dateTime),
            .init("HAENSLUT_UMRK-STATSBORGERSKAB", 44, 1, .uncertaintyMarker),
        ]
    )

    // P12170-028 HistoricalChurchInformation
    static let r028 = RecordLayout(
        type: .historicalChurchInformation, name: "P12170-028", length: 36,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("FKIRK", 14, 1, .alphanumeric),
            .init("START_DT-FOLKEKIRKE", 15, 10, .date),
            .init("START_DT_UMRK-FOLKEKIRKE", 25, 1, .uncertaintyMarker),
            .init("SLUT_DT-FOLKEKIRKE", 26, 10, .date),
            .init("SLUT_DT_UMRK-FOLKEKIRKE", 36, 1, .uncertaintyMarker),
        ]
    )

    // P12170-029 HistoricalCivilStatus
    static let r029 = RecordLayout(
        type: .historicalCivilStatus, name: "P12170-029", length: 109,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("ANNKOR", 14, 1, .annkor),
            .init("CIVST", 15, 1, .alphanumeric),
            .init("AEGTEPNR", 16, 10, .pnr),
            .init("AEGTEFOED_DT", 26, 10, .date),
            .init("AEGTEFOEDDT_UMRK", 36, 1, .uncertaintyMarker),
            .init("AEGTENVN", 37, 34, .alphanumeric),
            .init("AEGTENVN_MRK", 71, 1, .nameMarker),
            .init("HAENSTART-CIVILSTAND", 72, 12, .dateTime),
            .init("HAENSTART_UMRK-CIVILSTAND", 84, 1, .uncertaintyMarker),
            .init("HAENSLUT-CIVILSTAND", 85, 12, .dateTime),
            .init("HAENSLUT_UMRK-CIVILSTAND", 97, 1, .uncertaintyMarker),
            .init("SEP_HENVIS-CIVILSTAND", 98, 12, .alphanumeric),
        ]
    )

    // P12170-030 HistoricalSeparation
    static let r030 = RecordLayout(
        type: .historicalSeparation, name: "P12170-030", length: 48,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("ANNKOR", 14, 1, .annkor),
            .init("SEP_HENVIS-SEPARATION", 15, 12, .alphanumeric),
            .init("START_DT-SEPARATION", 27, 10, .date),
            .init("START_DT_UMRK-SEPARATION", 37, 1, .uncertaintyMarker),
            .init("SLUT_DT-SEPARATION", 38, 10, .date),
            .init("SLUT_DT_UMRK-SEPARATION", 48, 1, .uncertaintyMarker),
        ]
    )
}
