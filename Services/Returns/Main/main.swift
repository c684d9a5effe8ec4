import ReturnsService
import ServiceKit

await ServiceCommand<ReturnsService>.main()
