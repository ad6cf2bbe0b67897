from accord.api.operations import ApiRouter

router = ApiRouter("communication", "Practice 4")
