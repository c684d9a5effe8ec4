import NotificationsService
import ServiceKit

await ServiceCommand<NotificationsService>.main()
