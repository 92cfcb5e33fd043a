public enum PolicyStoreModule {}
