// P12180 relatives with clear-written address 031–033 (spec §5.1; single source ⚠️).
extension RecordLayouts {
    // P12180-031 MotherWithClearWrittenAddress
    static let r031 = RecordLayout(
        type: .motherWithAddress, name: "P12180-031", length: 269,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("PNRMOR", 14, 10, .pnr),
            .init("ADRNVN", 24, 34, .alphanumeric),
            .init("CONVN", 58, 34, .alphanumeric),
            .init("LOKALITET", 92, 34, .alphanumeric),
            .init("STANDARDADR", 126, 34, .alphanumeric),
            .init("BYNVN", 160, 34, .alphanumeric),
            .init("POSTNR", 194, 4, .numeric),
            .init("POSTDISTTXT", 198, 20, .alphanumeric),
            .init("KOMKOD", 218, 4, .numeric),
            .init("VEJKOD", 222, 4, .numeric),
            .init("HUSNR", 226, 4, .alphanumeric),
            .init("ETAGE", 230, 2, .alphanumeric),
            .init("SIDEDOER", 232, 4, .alphanumeric),
            .init("BNR", 236, 4, .alphanumeric),
            .init("VEJADRNVN", 240, 20, .alphanumeric),
            .init("START_DT-BESKYTTELSE", 260, 10, .date),
        ]
    )

    // P12180-032 FatherWithClearWrittenAddress
    static let r032 = RecordLayout(
        type: .fatherWithAddress, name: "P12180-032", length: 269,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("PNRFAR", 14, 10, .pnr),  // CprBroker: PNRMOR (copy-paste slip)
            .init("ADRNVN", 24, 34, .alphanumeric),
            .init("CONVN", 58, 34, .alphanumeric),
            .init("LOKALITET", 92, 34, .alphanumeric),
            .init("STANDARDADR", 126, 34, .alphanumeric),
            .init("BYNVN", 160, 34, .alphanumeric),
            .init("POSTNR", 194, 4, .numeric),
            .init("POSTDISTTXT", 198, 20, .alphanumeric),
            .init("KOMKOD", 218, 4, .numeric),
            .init("VEJKOD", 222, 4, .numeric),
            .init("HUSNR", 226, 4, .alphanumeric),
            .init("ETAGE", 230, 2, .alphanumeric),
            .init("SIDEDOER", 232, 4, .alphanumeric),
            .init("BNR", 236, 4, .alphanumeric),
            .init("VEJADRNVN", 240, 20, .alphanumeric),
            .init("START_DT-BESKYTTELSE", 260, 10, .date),
        ]
    )

    // P12180-033 ChildWithClearWrittenAddress
    static let r033 = RecordLayout(
        type: .childWithAddress, name: "P12180-033", length: 269,
        fields: [
            .init("RECORDTYPE", 1, 3, .numeric),
            .init("PNR", 4, 10, .pnr),
            .init("PNR-BARN", 14, 10, .pnr),  // CprBroker: PNRMOR (copy-paste slip)
            .init("ADRNVN", 24, 34, .alphanumeric),
            .init("CONVN", 58, 34, .alphanumeric),
            .init("LOKALITET", 92, 34, .alphanumeric),
            .init("STANDARDADR", 126, 34, .alphanumeric),
            .init("BYNVN", 160, 34, .alphanumeric),
            .init("POSTNR", 194, 4, .numeric),
            .init("POSTDISTTXT", 198, 20, .alphanumeric),
            .init("KOMKOD", 218, 4, .numeric),
            .init("VEJKOD", 222, 4, .numeric),
            .init("HUSNR", 226, 4, .alphanumeric),
            .init("ETAGE", 230, 2, .alphanumeric),
            .init("SIDEDOER", 232, 4, .alphanumeric),
            .init("BNR", 236, 4, .alphanumeric),
            .init("VEJADRNVN", 240, 20, .alphanumeric),
            .init("START_DT-BESKYTTELSE", 260, 10, .date),
        ]
    )
}
