/// `spec.storage.secret.type` (§1.1).
enum StorageType: String, CaseIterable, Sendable {
    case s3, azure, gcs, swift, alibabacloud
}
