import PolicyCore
print("lokinetpol \(GeneratorInfo.version)")
