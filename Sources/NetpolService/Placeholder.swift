public enum NetpolServiceModule { public static let openapiBytes = PackageResources.openapi_yaml }
